package domain;

/** A step lost a race it may win on another try (a DynamoDB transaction conflict, say). */
public class RetryableFailure extends RuntimeException {

    public RetryableFailure(String message) {
        super(message);
    }
}
