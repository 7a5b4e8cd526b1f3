package domain;

/** An order id that is already known with different content. */
public class ConflictingOrderException extends InvalidOrderException {

    public ConflictingOrderException(String orderId) {
        super("order " + orderId + " already exists with different content");
    }
}
