package routes;

import domain.RequestRefused;
import io.vertx.ext.auth.User;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import security.Access;
import security.HttpGuard;

/** Who is calling the API: the HTTP guard put the user it let in into the message. */
final class Callers {

    /** Exchange property: whether the caller holds the operator role (it alone sees saga ids). */
    static final String OPERATOR = "callerIsOperator";
    static final String OPERATOR_VALUE = "${exchangeProperty." + OPERATOR + "}";

    private Callers() {
    }

    static void markOperator(Exchange exchange) {
        exchange.setProperty(OPERATOR, isOperator(exchange));
    }

    static void requireOperator(Exchange exchange) {
        if (!isOperator(exchange)) {
            throw new RequestRefused(RequestRefused.Kind.FORBIDDEN, "this needs the " + Access.OPERATOR_ROLE + " role");
        }
    }

    private static boolean isOperator(Exchange exchange) {
        User user = exchange.getMessage().getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER, User.class);
        return HttpGuard.roles(user).contains(Access.OPERATOR_ROLE);
    }
}
