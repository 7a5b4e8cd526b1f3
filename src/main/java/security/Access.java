package security;

import java.util.Collection;

/** Who may send a request, by its method and path. */
public enum Access {
    /** Anyone: the health probes. */
    OPEN,
    /** Anyone who holds the saga's callback token, checked at the callback routes (app.CallbackEntry). */
    CALLBACK,
    /** A user with the orders role (or the operator role): submit and read orders, the saga view. */
    ORDERS,
    /** A user with the operator role: redrive, erasure, metrics, anything under /observe but health. */
    OPERATOR;

    public static final String ORDERS_ROLE = "orders";
    public static final String OPERATOR_ROLE = "operator";

    public static Access of(String method, String normalizedPath) {
        // the routes match a path with or without trailing slashes alike
        String path = normalizedPath.replaceAll("(?<=.)/+$", "");
        if (path.equals("/observe/health") || path.startsWith("/observe/health/")) {
            return OPEN;
        }
        if (path.startsWith("/lra-participant/")) {
            return CALLBACK;
        }
        if (path.startsWith("/observe/") || path.startsWith("/api/redrives") || path.startsWith("/api/erasures")
                || ("POST".equals(method) && (path.startsWith("/api/orders/") || path.startsWith("/orders/")) && path.endsWith("/redrive"))) {
            return OPERATOR;
        }
        return ORDERS;
    }

    /** Whether a user with these roles may. */
    public boolean allows(Collection<String> roles) {
        return switch (this) {
            case OPEN, CALLBACK -> true;
            case ORDERS -> roles.contains(ORDERS_ROLE) || roles.contains(OPERATOR_ROLE);
            case OPERATOR -> roles.contains(OPERATOR_ROLE);
        };
    }
}
