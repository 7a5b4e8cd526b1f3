package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Narayana 7.1's hazard (README, "Guarantees"): a recovery pass during a saga with a time limit can
 * make the coordinator cancel the saga at its deadline after it completed. The compensations then
 * arrive for finished orders, and every one of them must be refused.
 */
class RecoveryHazardTest extends RunningAppTest {

    private static final int ORDERS = 20;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.timeout", "3s");
    }

    @Test
    @DisplayName("recovery passes forced while sagas run: the late compensations are refused, every order stays COMPLETED")
    void lateCompensationsAfterForcedRecoveryAreRefused() throws Exception {
        AtomicBoolean sagasRunning = new AtomicBoolean(true);
        Thread recoveryPasses = new Thread(() -> forceRecoveryPasses(sagasRunning));
        recoveryPasses.start();
        List<String> orderIds = IntStream.range(0, ORDERS).mapToObj(i -> "47000000-hazard-" + i).toList();
        ProducerTemplate producer = app.context().createProducerTemplate();
        try {
            orderIds.forEach(orderId -> producer.requestBody("direct:order-intake", OrderJson.bytes(orderId, "401", 1)));
        } finally {
            sagasRunning.set(false);
            recoveryPasses.join();
        }

        // the late compensations come at the sagas' deadlines
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> orderIds.stream().anyMatch(this::refusedACompensation));
        // and while the rest of them arrive, nothing is undone
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> orderIds.stream().allMatch(orderId -> "COMPLETED".equals(status(orderId).get("status").asText())));
        for (String orderId : orderIds) {
            assertThat(status(orderId).get("status").asText()).as(orderId).isEqualTo("COMPLETED");
            assertThat(app.bean(PaymentRepository.class).ledger(orderId)).as(orderId)
                    .extracting(entry -> entry.paymentType() + " " + entry.state()).containsExactly("Debit SETTLED");
        }
        assertThat(app.bean(InventoryRepository.class).stock("401")).contains(1000 - ORDERS);
    }

    private boolean refusedACompensation(String orderId) {
        return status(orderId).get("history").findValuesAsText("error").contains("refused: the saga already completed");
    }

    private void forceRecoveryPasses(AtomicBoolean sagasRunning) {
        String coordinator = app.context().getPropertiesComponent().resolveProperty("coordinator.url").orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        while (sagasRunning.get()) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(coordinator + "/lra-coordinator/recovery")).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId));
    }
}
