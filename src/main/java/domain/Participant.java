package domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * A participant of the order saga: a service whose action joined the saga (and the saga route
 * itself, which joins too), with the routes the coordinator calls back. The route names are stored
 * by the coordinator in every running saga: renaming one would strand the sagas in flight.
 */
public enum Participant {
    ORDER("order-cancel", "order-complete"),
    PAYMENT("payment-refund", "payment-settle"),
    INVENTORY("inventory-release", "inventory-confirm"),
    SAGA("order-saga-cancelled", "order-saga-closed");

    private final String compensationRoute;
    private final String completionRoute;

    Participant(String compensationRoute, String completionRoute) {
        this.compensationRoute = compensationRoute;
        this.completionRoute = completionRoute;
    }

    public String compensationUri() {
        return "direct:" + compensationRoute;
    }

    public String completionUri() {
        return "direct:" + completionRoute;
    }

    /**
     * The participant whose callback URL names these two endpoints (as the coordinator sends them
     * back, e.g. {@code direct://payment-refund}); empty if they are not one participant's pair.
     */
    public static Optional<Participant> ofCallback(String compensationUri, String completionUri) {
        return Arrays.stream(values())
                .filter(p -> p.compensationRoute.equals(directRoute(compensationUri)) && p.completionRoute.equals(directRoute(completionUri)))
                .findFirst();
    }

    private static String directRoute(String uri) {
        if (uri == null || !uri.startsWith("direct:")) {
            return null;
        }
        String route = uri.substring("direct:".length());
        return route.startsWith("//") ? route.substring(2) : route;
    }
}
