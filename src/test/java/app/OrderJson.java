package app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

/** Order JSON in the seed sample's shape, and the status API's answers, for tests. */
public final class OrderJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OrderJson() {
    }

    /** One line of {@code qty} units of {@code itemId} at 19.99, and one of item "3" (2 x 6.50). */
    static String order(String orderId, String itemId, int qty) {
        return """
                {
                  "order_id": "%s",
                  "order_date": "2018-10-19T10:50:16+08:00",
                  "customer_id": "8d04ea6f-c6b2-4422-8550-839a16f01feb",
                  "items": [
                    {"item_id": "%s", "qty": %d.0, "description": "Cart item 1", "unit_price": 19.99},
                    {"item_id": "3", "qty": 2.0, "description": "Cart item 3", "unit_price": 6.50}
                  ]
                }
                """.formatted(orderId, itemId, qty);
    }

    public static byte[] bytes(String orderId, String itemId, int qty) {
        return order(orderId, itemId, qty).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static JsonNode parse(HttpResponse<String> response) {
        return parse(response.body());
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
