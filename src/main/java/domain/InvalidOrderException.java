package domain;

/** Input that cannot be an order; the message says exactly why. */
public class InvalidOrderException extends RuntimeException {

    public InvalidOrderException(String reason) {
        super(reason);
    }

    public InvalidOrderException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
