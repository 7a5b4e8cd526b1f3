package domain;

/** A saga callback this app will not act on; the caller gets {@code httpStatus} and the reason. */
public class CallbackRefused extends RuntimeException {

    private final int httpStatus;

    public CallbackRefused(int httpStatus, String reason) {
        super(reason);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
