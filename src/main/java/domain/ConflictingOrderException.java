package domain;

/** An order id that is already known with different content, or was used by an order since deleted. */
public class ConflictingOrderException extends InvalidOrderException {

    public ConflictingOrderException(String orderId) {
        super("order " + orderId + " already exists with different content");
    }

    private ConflictingOrderException(String orderId, String why) {
        super("order " + orderId + " " + why);
    }

    /** The id was taken by an earlier order, which retention has deleted since: ids are never used twice. */
    public static ConflictingOrderException usedBefore(String orderId) {
        return new ConflictingOrderException(orderId, "was used by an earlier order, deleted since (retention): send it with a new order id");
    }
}
