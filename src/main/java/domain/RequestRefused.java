package domain;

/** A request this app will not act on (a foreign saga callback, a redrive of an order that is not parked); the caller gets {@code httpStatus} and the reason. */
public class RequestRefused extends RuntimeException {

    private final int httpStatus;

    public RequestRefused(int httpStatus, String reason) {
        super(reason);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
