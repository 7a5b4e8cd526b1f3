package domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic transaction ids, as in the seed sample: UUIDv5(order_id + kind), so a retried
 * step writes the same record instead of a second one.
 */
public final class TransactionIds {

    /** RFC 4122 name space for OIDs, used for every id here. */
    private static final UUID NAMESPACE = UUID.fromString("6ba7b812-9dad-11d1-80b4-00c04fd430c8");

    private TransactionIds() {
    }

    public static String debit(String orderId) {
        return uuid5(orderId + "Debit");
    }

    public static String credit(String orderId) {
        return uuid5(orderId + "Credit");
    }

    public static String reservation(String orderId) {
        return uuid5(orderId + "Reserve");
    }

    /** The id of the event that says the order reached this status. */
    public static String event(String orderId, String status) {
        return uuid5(orderId + "Event" + status);
    }

    /** The id of the bulk redrive job asked for with this Idempotency-Key: a repeated request finds it. */
    public static String redriveJob(String idempotencyKey) {
        return uuid5("RedriveJob" + idempotencyKey);
    }

    static String uuid5(String name) {
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits());
        MessageDigest sha1 = sha1();
        sha1.update(namespace.array());
        sha1.update(name.getBytes(StandardCharsets.UTF_8));
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-1", e);
        }
    }
}
