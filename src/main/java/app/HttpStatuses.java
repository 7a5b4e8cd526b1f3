package app;

import domain.RequestRefused;

/** The HTTP status each kind of refused request is answered with. */
public final class HttpStatuses {

    private HttpStatuses() {
    }

    public static int of(RequestRefused refused) {
        return switch (refused.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            case UNAVAILABLE -> 503;
        };
    }
}
