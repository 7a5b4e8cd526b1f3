package domain;

/** A step failed for a business reason (no stock, refused late action...): retrying will not help. */
public class BusinessFailure extends RuntimeException {

    public BusinessFailure(String message) {
        super(message);
    }
}
