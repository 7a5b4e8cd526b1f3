package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.FaultInjector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import store.InventoryRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Step Functions' redrive: a parked (COMPENSATION_FAILED) order's failed compensations run again on
 * request, and the order is CANCELLED once they succeed. Meanwhile the coordinator has let go.
 */
class RedriveIT extends WithRunningApp {

    private static final String REFUND_PARKED = "22000000-redrive";
    private static final String RELEASE_PARKED = "33000000-redrive";

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.compensation.max-retries", "2", "saga.compensation.retry-delay-ms", "50");
    }

    @Test
    @DisplayName("parked refund and release: redrive fails while the fault lasts, then cancels the orders with money and stock restored")
    void redriveAfterTheFaultIsFixed() throws Exception {
        app.dropInInbox(REFUND_PARKED + ".json", OrderJson.order(REFUND_PARKED, "301", 2));
        app.dropInInbox(RELEASE_PARKED + ".json", OrderJson.order(RELEASE_PARKED, "302", 3));
        JsonNode refundParked = app.awaitStatus(REFUND_PARKED, "COMPENSATION_FAILED");
        app.awaitStatus(RELEASE_PARKED, "COMPENSATION_FAILED");
        assertThat(refundParked.get("failed_step").asText()).isEqualTo("ProcessRefund");
        // the refund's two retries, 50 ms then 100 ms (each less up to 15% by jitter), are in its history
        JsonNode refundFailure = refundParked.get("history").findParents("step").stream()
                .filter(entry -> entry.get("step").asText().equals("ProcessRefund")).findFirst().orElseThrow();
        assertThat(refundFailure.get("retries").asInt()).isEqualTo(2);
        assertThat(refundFailure.get("retry_wait_ms").asLong()).isBetween(125L, 2_000L);
        assertThat(app.stock("302")).isEqualTo(997);
        // the coordinator was told the step is done with: it forgets the saga instead of calling forever
        await().atMost(Duration.ofSeconds(30)).until(() -> coordinatorStatus(refundParked.get("lra_id").asText()) == 404);
        QueueDrain.drain(app.bean(SqsClient.class), "order-events", 2);

        HttpResponse<String> stillFailing = app.post("/api/orders/" + REFUND_PARKED + "/redrive", "");
        assertThat(stillFailing.statusCode()).isEqualTo(200);
        assertThat(OrderJson.parse(stillFailing).get("status").asText()).isEqualTo("COMPENSATION_FAILED");
        assertThat(app.ledger(REFUND_PARKED)).containsExactly("Debit 52.98");

        app.bean(FaultInjector.class).setEnabled(false);
        try {
            for (String orderId : List.of(REFUND_PARKED, RELEASE_PARKED)) {
                HttpResponse<String> redriven = app.post("/api/orders/" + orderId + "/redrive", "");
                assertThat(redriven.statusCode()).isEqualTo(200);
                assertThat(OrderJson.parse(redriven).get("status").asText()).isEqualTo("CANCELLED");
            }
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }

        assertThat(app.ledger(REFUND_PARKED)).containsExactly("Debit 52.98", "Credit -52.98");
        assertThat(app.ledger(RELEASE_PARKED)).containsExactly("Debit 72.97", "Credit -72.97");
        assertThat(app.stock("301")).isEqualTo(1000);
        assertThat(app.stock("302")).isEqualTo(1000);
        assertThat(app.bean(InventoryRepository.class).findReservation(RELEASE_PARKED).orElseThrow().state()).isEqualTo("RELEASED");
        // each redriven order publishes its CANCELLED outcome, even if it had published one before parking
        assertThat(QueueDrain.drain(app.bean(SqsClient.class), "order-events", 2))
                .extracting(event -> event.get("order_id").asText() + " " + event.get("status").asText())
                .containsExactlyInAnyOrder(REFUND_PARKED + " CANCELLED", RELEASE_PARKED + " CANCELLED");
        // a second redrive finds nothing parked
        assertThat(app.post("/api/orders/" + REFUND_PARKED + "/redrive", "").statusCode()).isEqualTo(409);
        assertThat(app.ledger(REFUND_PARKED)).hasSize(2);
    }

    @Test
    @DisplayName("only a parked order can be redriven: a completed one is 409, an unknown one 404")
    void redriveRefusedForOtherOrders() {
        String done = "47000000-redrive-done";
        app.dropInInbox(done + ".json", OrderJson.order(done, "303", 1));
        app.awaitStatus(done, "COMPLETED");

        HttpResponse<String> completed = app.post("/api/orders/" + done + "/redrive", "");
        assertThat(completed.statusCode()).isEqualTo(409);
        assertThat(OrderJson.parse(completed).get("detail").asText()).contains("only a COMPENSATION_FAILED order can be redriven");
        assertThat(app.post("/api/orders/47000000-nobody/redrive", "").statusCode()).isEqualTo(404);
        assertThat(app.ledger(done)).containsExactly("Debit 32.99");
    }

    private int coordinatorStatus(String lraId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lraId + "/status")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
