package store;

import domain.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How long a finished saga's order and journal are kept. When the order reaches COMPLETED or
 * CANCELLED (a parked order only once a redrive resolved it), both items get {@value #ATTRIBUTE}, the
 * time DynamoDB's TTL deletes them, in the same transaction; so do a bulk redrive job once it is done,
 * and each of its results. A zero period keeps them forever.
 */
public record Retention(Duration period, Clock clock) {

    /** The TTL attribute: seconds since the epoch, as DynamoDB's TTL reads it. */
    public static final String ATTRIBUTE = "expires_at";

    /** The expiry to store now on an order that reached {@code status} and on its journal, if they expire. */
    Optional<AttributeValue> expiryOf(OrderStatus status) {
        return status == OrderStatus.COMPLETED || status == OrderStatus.CANCELLED ? fromNow() : Optional.empty();
    }

    /**
     * The part of an update's SET that stores {@code expiry}, if there is one (its value goes into
     * {@code values} as {@code :expires}); nothing otherwise.
     */
    public static String set(Optional<AttributeValue> expiry, Map<String, AttributeValue> values) {
        expiry.ifPresent(expires -> values.put(":expires", expires));
        return expiry.isPresent() ? ", " + ATTRIBUTE + " = :expires" : "";
    }

    /** The expiry of an item kept for the period from now, if items expire. */
    public Optional<AttributeValue> fromNow() {
        return fromNowAnd(Duration.ZERO);
    }

    /** The expiry of an item kept for the period and {@code more} from now, if items expire. */
    public Optional<AttributeValue> fromNowAnd(Duration more) {
        return period.isZero() ? Optional.empty()
                : Optional.of(AttributeValue.fromN(Long.toString(clock.instant().plus(period).plus(more).getEpochSecond())));
    }
}
