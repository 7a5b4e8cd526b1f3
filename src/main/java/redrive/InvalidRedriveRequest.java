package redrive;

/** A bulk redrive request that cannot be run as asked; the message says exactly why. */
public class InvalidRedriveRequest extends RuntimeException {

    public InvalidRedriveRequest(String reason) {
        super(reason);
    }
}
