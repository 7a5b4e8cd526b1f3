package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local default keeps its data on disk: a restart finds orders, payments and stock as they were. */
class RestartIT {

    private static final Map<String, String> ON_DISK = Map.of("local.dynamodb.in-memory", "false");

    @Test
    void ordersPaymentsAndStockSurviveARestart() throws Exception {
        Path home;
        String orderId = "47000000-restart";
        try (RunningApp app = RunningApp.start(ON_DISK)) {
            home = app.home();
            app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "301", 5));
            // every callback done (the order completes before the saga's last callbacks arrive)
            await().atMost(Duration.ofSeconds(60)).until(() -> "COMPLETED".equals(status(app, orderId))
                    && OrderJson.parse(app.get("/api/orders/" + orderId)).get("history").size() == 7);
        }

        try (RunningApp app = RunningApp.startIn(home, ON_DISK)) {
            JsonNode order = OrderJson.parse(app.get("/api/orders/" + orderId));
            assertThat(order.get("status").asText()).isEqualTo("COMPLETED");
            assertThat(order.get("history").size()).isEqualTo(7);
            assertThat(app.bean(PaymentRepository.class).ledger(orderId)).hasSize(1);
            assertThat(app.bean(InventoryRepository.class).stock("301")).contains(995); // not stocked again
        }
    }

    private static String status(RunningApp app, String orderId) {
        var response = app.get("/api/orders/" + orderId);
        return response.statusCode() == 200 ? OrderJson.parse(response).get("status").asText() : "none";
    }
}
