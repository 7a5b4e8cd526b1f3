package routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.InvalidOrderException;
import domain.RequestRefused;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * POST /api/erasures {"customer_id": "..."}: an operator erases one customer's personal data from
 * their finished orders (store.CustomerErasure). A POST, not a DELETE of a path: the customer id
 * stays out of URLs and access logs.
 */
public class ErasureRoutes extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ID = 200;

    @Override
    public void configure() {
        rest("/api/erasures")
                .post().id("rest-erase-customer").consumes("application/json").produces("application/json").to("direct:customer-erasure");

        from("direct:customer-erasure").routeId("customer-erasure")
                .description("POST /api/erasures: erase one customer's personal data from their finished orders")
                .onException(InvalidOrderException.class).handled(true)
                    .process(exchange -> Problems.problem(exchange, 400, "Invalid erasure request"))
                .end()
                .onException(RequestRefused.class).handled(true)
                    .process(exchange -> Problems.refused(exchange, "Cannot erase"))
                .end()
                .process(Callers::requireOperator) // the HTTP guard checks this too
                .setBody(exchange -> customerId(exchange.getMessage().getBody(byte[].class)))
                .bean("customerErasure", "erase")
                .marshal().json()
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"));
    }

    private static String customerId(byte[] body) {
        JsonNode request;
        try {
            request = body == null ? null : JSON.readTree(body);
        } catch (IOException notJson) {
            throw new InvalidOrderException("the body must be JSON: {\"customer_id\": \"...\"}");
        }
        JsonNode id = request == null ? null : request.get("customer_id");
        if (id == null || !id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_ID) {
            throw new InvalidOrderException("customer_id must be text of 1 to " + MAX_ID + " characters");
        }
        return id.asText();
    }
}
