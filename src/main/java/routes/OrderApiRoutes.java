package routes;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The HTTP API: an order's status and saga history. */
public class OrderApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/api/orders")
                .get("/{orderId}").produces("application/json").to("direct:order-status");

        from("direct:order-status").routeId("order-status")
                .description("GET /api/orders/{orderId}: status and history")
                .setBody(method("orderStatusQuery", "find(${header.orderId})"))
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
