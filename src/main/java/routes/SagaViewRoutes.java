package routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/** The saga view in a browser: recent orders at /, one order's saga drawn at /orders/{orderId}. */
public class SagaViewRoutes extends RouteBuilder {

    @Override
    public void configure() {
        rest("/")
                .get().id("rest-view-orders").produces("text/html").to("direct:view-orders")
                .get("/orders/{orderId}").id("rest-view-order").produces("text/html").to("direct:view-order");

        from("direct:view-orders").routeId("view-orders")
                .description("GET /: recent orders")
                .setBody(method("orderStatusQuery", "newest(${header.status}, 50)"))
                .bean("sagaView", "orders")
                .setHeader(Exchange.CONTENT_TYPE, constant("text/html; charset=utf-8"));

        from("direct:view-order").routeId("view-order")
                .description("GET /orders/{orderId}: one order's saga, drawn")
                .process(Callers::markOperator)
                .setBody(method("orderStatusQuery", "find(${header.orderId}, " + Callers.OPERATOR_VALUE + ")"))
                .choice()
                    .when(simple("${body.isPresent()}"))
                        .setBody(simple("${body.get()}"))
                        .bean("sagaView", "order")
                    .otherwise()
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(404))
                        .setBody(constant("<!DOCTYPE html><p>No such order. <a href=\"/\">All orders</a></p>"))
                .end()
                .setHeader(Exchange.CONTENT_TYPE, constant("text/html; charset=utf-8"));
    }
}
