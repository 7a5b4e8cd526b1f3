package domain;

/**
 * A request this app will not act on (a foreign saga callback, a redrive of an order that is not
 * parked, a status the coordinator cannot give now); the caller is told {@link #kind()} and the
 * reason. The HTTP entry points choose the status code for each kind.
 */
public class RequestRefused extends RuntimeException {

    /** Why a request was refused. */
    public enum Kind {
        /** It names something that does not exist. */
        NOT_FOUND,
        /** What it asks for does not fit the current state. */
        CONFLICT,
        /** The caller may not ask for it. */
        FORBIDDEN,
        /** The answer depends on a part that cannot answer now: ask again later. */
        UNAVAILABLE
    }

    private final Kind kind;

    public RequestRefused(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
