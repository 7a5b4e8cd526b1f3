package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.Participant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every outcome publishes exactly one event, even when the coordinator's callbacks are delivered twice. */
class OutcomeEventsIT extends WithRunningApp {

    private SqsClient sqs;

    @BeforeAll
    void clients() {
        sqs = app.bean(SqsClient.class);
    }

    @Test
    void oneEventPerOutcomeAndAlertsForParkedOrders() throws Exception {
        Map<String, String> expected = Map.of(
                "47000000-event-done", "COMPLETED",
                "2a000000-event-cancelled", "CANCELLED",
                "22000000-event-parked", "COMPENSATION_FAILED");
        expected.keySet().forEach(orderId -> app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "601", 1)));
        expected.forEach((orderId, status) -> await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> status.equals(OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText())));

        // the coordinator repeats its callbacks (its answer was lost): each is answered, and no outcome is published twice
        String doneLra = OrderJson.parse(app.get("/api/orders/47000000-event-done")).get("lra_id").asText();
        assertThat(app.signedCallback("complete", Participant.ORDER, "47000000-event-done", doneLra).statusCode()).isEqualTo(200);
        String cancelledLra = OrderJson.parse(app.get("/api/orders/2a000000-event-cancelled")).get("lra_id").asText();
        assertThat(app.signedCallback("compensate", Participant.ORDER, "2a000000-event-cancelled", cancelledLra).statusCode()).isEqualTo(200);
        String parkedLra = OrderJson.parse(app.get("/api/orders/22000000-event-parked")).get("lra_id").asText();
        assertThat(app.signedCallback("compensate", Participant.PAYMENT, "22000000-event-parked", parkedLra).statusCode()).isEqualTo(200);

        List<JsonNode> events = QueueDrain.drain(sqs, "order-events", expected.size());
        assertThat(events.stream().collect(Collectors.toMap(e -> e.get("order_id").asText(), e -> e.get("status").asText())))
                .isEqualTo(expected);
        assertThat(events).hasSize(3);
        JsonNode parked = events.stream().filter(e -> e.get("status").asText().equals("COMPENSATION_FAILED")).findFirst().orElseThrow();
        assertThat(parked.get("failed_step").asText()).isEqualTo("ProcessRefund");
        assertThat(parked.get("error").asText()).contains("ErrProcessRefund");

        assertThat(QueueDrain.drain(sqs, "order-alerts", 1)).extracting(e -> e.get("order_id").asText()).containsExactly("22000000-event-parked");
    }
}
