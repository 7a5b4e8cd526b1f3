package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancelled order is COMPENSATING until every compensation has ended, and only then CANCELLED or
 * COMPENSATION_FAILED, with one outcome event: a client is never told "money back, stock back" while a
 * compensation still retries. Compensations retry slowly here, so the wait is long enough to see.
 */
class CompensatingStatusIT extends WithRunningApp {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.compensation.max-retries", "4", "saga.compensation.retry-delay-ms", "400",
                "saga.compensation.max-retry-delay-ms", "400");
    }

    @Test
    @DisplayName("ReleaseInventory keeps failing: COMPENSATING while it retries, never CANCELLED, then COMPENSATION_FAILED with one event")
    void compensatingUntilTheLastCompensationGivesUp() {
        String orderId = "33000000-compensating";
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "901", 1));

        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String status = status(orderId);
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                seen.add(status);
            }
            return status.equals("COMPENSATION_FAILED");
        });

        assertThat(seen).contains("COMPENSATING").doesNotContain("CANCELLED").endsWith("COMPENSATION_FAILED");
        assertThat(seen.indexOf("COMPENSATING")).isLessThan(seen.indexOf("COMPENSATION_FAILED"));
        List<JsonNode> events = QueueDrain.drain(app.bean(SqsClient.class), "order-events", 1);
        assertThat(events).filteredOn(event -> event.get("order_id").asText().equals(orderId))
                .extracting(event -> event.get("status").asText()).containsExactly("COMPENSATION_FAILED");
    }

    private String status(String orderId) {
        var response = app.get("/api/orders/" + orderId);
        return response.statusCode() == 200 ? OrderJson.parse(response).get("status").asText() : "HTTP " + response.statusCode();
    }
}
