package routes;

import domain.ConflictingOrderException;
import domain.InvalidOrderException;
import domain.MessageKeys;
import domain.RequestRefused;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * The HTTP API. A new order is put on the input queue (so it is kept even if this replica dies)
 * and answered 202; its saga runs from there.
 */
public class OrderApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api/orders")
                .post().id("rest-post-order").consumes("application/json").produces("application/json").to("direct:order-post")
                .get().id("rest-list-orders").produces("application/json").to("direct:order-list")
                .get("/{orderId}").id("rest-get-order").produces("application/json").to("direct:order-status")
                .post("/{orderId}/redrive").id("rest-redrive-order").produces("application/json").to("direct:order-redrive");

        from("direct:order-post").routeId("order-post")
                .description("POST /api/orders: validate, then queue a new order (202) or show a known one")
                .onException(ConflictingOrderException.class).handled(true)
                    .bean("rejections", "rejected('api', 'a POST', ${exception.message})")
                    .to("micrometer:counter:order.saga.rejections?tags.channel=api")
                    .process(exchange -> Problems.problem(exchange, 409, "Order conflicts with a known one"))
                .end()
                .onException(InvalidOrderException.class).handled(true)
                    .bean("rejections", "rejected('api', 'a POST', ${exception.message})")
                    .to("micrometer:counter:order.saga.rejections?tags.channel=api")
                    .process(exchange -> Problems.problem(exchange, 400, "Invalid order"))
                .end()
                .setHeader(MessageKeys.ORDER_ID, constant(Headers.NOT_READ_YET))
                .convertBodyTo(byte[].class)
                .setProperty("originalOrderBytes", body())
                .bean("orderReader", "read")
                .setHeader(MessageKeys.ORDER_ID, simple("${body.orderId()}"))
                .choice()
                    .when(method("queueBacklog", "isFull"))
                        .setHeader("Retry-After", constant("{{api.retry-after-seconds}}"))
                        .process(exchange -> Problems.problem(exchange, 503, "Too many orders waiting",
                                "the input queue holds more orders than queues.max-backlog; retry later"))
                    .when(method("orderRepository", "isNew(${body})"))
                        .setBody(exchangeProperty("originalOrderBytes")).convertBodyTo(String.class)
                        .removeHeaders("*", MessageKeys.ORDER_ID) // HTTP headers must not become queue attributes
                        .to("aws2-sqs://{{queues.orders}}")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(202))
                        .setHeader("Location", simple("/api/orders/${header.orderId}"))
                        .setBody(simple("{\"order_id\":\"${header.orderId}\",\"status\":\"ACCEPTED\",\"status_url\":\"/api/orders/${header.orderId}\"}"))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .otherwise()
                        .to("direct:order-status")
                .end();

        from("direct:order-redrive").routeId("order-redrive")
                .description("POST /api/orders/{orderId}/redrive: retry the compensations of a COMPENSATION_FAILED order")
                .onException(RequestRefused.class).handled(true)
                    .process(exchange -> Problems.refused(exchange, "Cannot redrive"))
                .end()
                .process(Callers::requireOperator) // the HTTP guard checks this too: two locks on the one door that undoes things
                .bean("orderRedrive", "redrive(${header.orderId}, *)")
                .to("direct:order-status");

        from("direct:order-list").routeId("order-list")
                .description("GET /api/orders?status=&limit=&before=: the newest orders, a page at a time")
                .onException(InvalidOrderException.class).handled(true)
                    .process(exchange -> Problems.problem(exchange, 400, "Invalid query"))
                .end()
                .setBody(method("orderStatusQuery", "newest(${header.status}, ${header.before}, ${header.limit})"))
                .marshal().json()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));

        from("direct:order-status").routeId("order-status")
                .description("GET /api/orders/{orderId}: status and history")
                .process(Callers::markOperator)
                .setBody(method("orderStatusQuery", "find(${header.orderId}, " + Callers.OPERATOR_VALUE + ")"))
                .choice()
                    .when(simple("${body.isPresent()}"))
                        .setBody(simple("${body.get()}"))
                    .otherwise()
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                        .setBody(constant(Map.of("error", "no such order")))
                .end()
                .marshal().json()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }
}
