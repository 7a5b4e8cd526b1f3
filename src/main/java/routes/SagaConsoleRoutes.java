package routes;

import app.HttpStatuses;
import domain.RequestRefused;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.ObjectHelper;
import view.ConsoleFilter;

/**
 * The saga console in a browser: counts and a filtered list of orders at /, one order's saga drawn
 * at /orders/{orderId}, and a parked order's redrive from its page (operators only).
 */
public class SagaConsoleRoutes extends RouteBuilder {

    private static final String HTML = "text/html; charset=utf-8";

    @Override
    public void configure() {
        rest("/")
                .get().id("rest-console-orders").produces("text/html").to("direct:console-orders")
                .get("/orders/{orderId}").id("rest-console-order").produces("text/html").to("direct:console-order")
                .post("/orders/{orderId}/redrive").id("rest-console-redrive").produces("text/html").to("direct:console-redrive");

        from("direct:console-orders").routeId("console-orders")
                .description("GET /?status=&window=&failed_step=&q=&before=&refresh=: counts per status and the matching orders")
                .onException(IllegalArgumentException.class).handled(true)
                    .process(exchange -> message(exchange, 400, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .end()
                .process(exchange -> {
                    Message in = exchange.getMessage();
                    in.setBody(ConsoleFilter.parse(in.getHeader("status", String.class), in.getHeader("window", String.class),
                            in.getHeader("failed_step", String.class), in.getHeader("q", String.class),
                            in.getHeader("before", String.class), in.getHeader("refresh", String.class)));
                })
                .bean("sagaConsole", "orders")
                .setHeader(Exchange.CONTENT_TYPE, constant(HTML));

        from("direct:console-order").routeId("console-order")
                .description("GET /orders/{orderId}: one order's saga, drawn, with its events and their durations")
                .process(Callers::markOperator)
                .setBody(method("orderStatusQuery", "find(${header.orderId}, " + Callers.OPERATOR_VALUE + ")"))
                .choice()
                    .when(simple("${body.isPresent()}"))
                        .setBody(simple("${body.get()}"))
                        .bean("sagaConsole", "order(${body}, " + Callers.OPERATOR_VALUE + ")")
                        .setHeader(Exchange.CONTENT_TYPE, constant(HTML))
                    .otherwise()
                        .process(exchange -> message(exchange, 404, "No such order."))
                .end();

        from("direct:console-redrive").routeId("console-redrive")
                .description("POST /orders/{orderId}/redrive: the redrive button of a parked order's page")
                .onException(RequestRefused.class).handled(true)
                    .process(exchange -> {
                        RequestRefused refused = ObjectHelper.getException(RequestRefused.class,
                                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
                        message(exchange, HttpStatuses.of(refused), refused.getMessage());
                    })
                .end()
                .process(Callers::requireOperator)
                .process(SagaConsoleRoutes::requireOwnPage)
                .bean("orderRedrive", "redrive(${header.orderId}, *)")
                .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(303))
                .setHeader("Location", simple("/orders/${header.orderId}"))
                .setBody(constant(""));
    }

    /**
     * A browser names the page a form came from (Origin) on every POST; the HTTP guard has already
     * refused one from another site. Without it the request came from no page at all: the API's
     * redrive is the door for scripts.
     */
    private static void requireOwnPage(Exchange exchange) {
        if (exchange.getMessage().getHeader("Origin") == null) {
            throw new RequestRefused(RequestRefused.Kind.FORBIDDEN, "the console's redrive is sent by its page (a browser names it in Origin);"
                    + " scripts use POST /api/orders/{orderId}/redrive");
        }
    }

    private static void message(Exchange exchange, int status, String text) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, HTML);
        exchange.getMessage().setBody(view.Html.message(status, text));
    }
}
