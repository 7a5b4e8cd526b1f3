package domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token a saga callback must carry: an HMAC-SHA256 of the saga (LRA) id, the order id and the
 * participant under a secret every replica shares, in unpadded Base64url (the callback URL carries
 * it unencoded). A token made under the previous secret is still accepted while a rotation runs.
 */
public final class CallbackTokens {

    /** The saga option, and so the callback URL's query parameter, that carries the token. */
    public static final String OPTION = "callbackToken";

    /** The fewest characters a secret may have. */
    public static final int MIN_SECRET_LENGTH = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String DOMAIN = "order-saga callback v1";

    /** How a token checked out. */
    public enum Check {
        /** Made under the current secret. */
        CURRENT,
        /** Made under the previous secret: accepted while a rotation runs. */
        PREVIOUS,
        /** Not a token of this saga, order and participant under either secret. */
        INVALID
    }

    private final SecretKeySpec current;
    private final Optional<SecretKeySpec> previous;

    public CallbackTokens(String secret, Optional<String> previousSecret) {
        this.current = key(secret, "callbacks.secret");
        this.previous = previousSecret.filter(text -> !text.isBlank()).map(text -> key(text, "callbacks.previous-secret"));
    }

    public String sign(String lraId, String orderId, Participant participant) {
        return sign(current, lraId, orderId, participant);
    }

    public Check check(String token, String lraId, String orderId, Participant participant) {
        if (token == null || lraId == null || orderId == null) {
            return Check.INVALID;
        }
        byte[] given = token.getBytes(StandardCharsets.US_ASCII);
        if (matches(given, current, lraId, orderId, participant)) {
            return Check.CURRENT;
        }
        if (previous.isPresent() && matches(given, previous.get(), lraId, orderId, participant)) {
            return Check.PREVIOUS;
        }
        return Check.INVALID;
    }

    private static boolean matches(byte[] given, SecretKeySpec key, String lraId, String orderId, Participant participant) {
        return MessageDigest.isEqual(given, sign(key, lraId, orderId, participant).getBytes(StandardCharsets.US_ASCII));
    }

    private static String sign(SecretKeySpec key, String lraId, String orderId, Participant participant) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // each field prefixed by its length, so no two different triples sign the same text
            String signed = DOMAIN + '|' + lraId.length() + ':' + lraId + '|' + orderId.length() + ':' + orderId + '|' + participant.name();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JVM", e);
        }
    }

    private static SecretKeySpec key(String secret, String setting) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(setting + " must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }
}
