package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.OrderStatus;
import domain.Participant;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every row of the README's scenario table, end to end: an order file dropped into the inbox, the
 * saga run on the real Narayana coordinator, results read from DynamoDB Local and the status API.
 */
class OrderSagaScenariosIT extends WithRunningApp {

    @Test
    @DisplayName("no failure: order COMPLETED, debit settled, stock taken")
    void happyPath() {
        JsonNode order = run("47063fe3-56d9-4c51-b91f-71929834ce03", "101");

        assertThat(order.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(steps(order)).containsExactly("ProcessOrder SUCCEEDED", "ProcessPayment SUCCEEDED",
                "ReserveInventory SUCCEEDED", "ConfirmInventory SUCCEEDED", "SettlePayment SUCCEEDED",
                "CompleteOrder SUCCEEDED", "SagaClosed SUCCEEDED");
        assertThat(ledger("47063fe3-56d9-4c51-b91f-71929834ce03")).containsExactly("Debit 32.99 SETTLED");
        assertThat(stock("101")).isEqualTo(999);
        assertThat(app.processed().resolve("47063fe3-56d9-4c51-b91f-71929834ce03.json")).exists();
    }

    @Test
    @DisplayName("prefix 1: ProcessOrder fails, order CANCELLED")
    void processOrderFails() {
        JsonNode order = run("1ae4501d-ed92-4b27-bf0e-fd978ed45127", "102");

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(steps(order)).contains("ProcessOrder FAILED", "UpdateOrderStatus SUCCEEDED")
                .doesNotContain("ProcessOrder SUCCEEDED", "ProcessPayment SUCCEEDED", "ProcessRefund SUCCEEDED");
        assertThat(order.get("failed_step").asText()).isEqualTo("ProcessOrder");
        assertThat(ledger("1ae4501d-ed92-4b27-bf0e-fd978ed45127")).isEmpty();
        assertThat(stock("102")).isEqualTo(1000);
    }

    @Test
    @DisplayName("prefix 11: ProcessOrder and UpdateOrderStatus fail, order COMPENSATION_FAILED")
    void processOrderAndItsCompensationFail() {
        JsonNode order = run("11328abd-368d-43fd-bd4f-db15b5b63951", "103");

        assertThat(order.get("status").asText()).isEqualTo("COMPENSATION_FAILED");
        assertThat(steps(order)).contains("ProcessOrder FAILED", "UpdateOrderStatus FAILED");
        assertThat(order.get("failed_step").asText()).isEqualTo("UpdateOrderStatus");
        assertThat(order.get("error").asText()).contains("ErrUpdateOrderStatus");
        assertThat(stock("103")).isEqualTo(1000);
    }

    @Test
    @DisplayName("prefix 2: ProcessPayment fails, debit refunded, order CANCELLED")
    void paymentFails() {
        JsonNode order = run("20b0b599-441b-45c3-910e-ad63fe992c43", "104");

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(steps(order)).contains("ProcessOrder SUCCEEDED", "ProcessPayment FAILED",
                "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED")
                .doesNotContain("ProcessPayment SUCCEEDED") // the failure after its write takes the success's place
                .noneMatch(step -> step.startsWith("ReserveInventory"));
        assertThat(ledger("20b0b599-441b-45c3-910e-ad63fe992c43")).containsExactly("Debit 32.99 PENDING", "Credit -32.99 null");
        assertThat(net("20b0b599-441b-45c3-910e-ad63fe992c43")).isZero();
        assertThat(stock("104")).isEqualTo(1000);
    }

    @Test
    @DisplayName("prefix 22: ProcessPayment and ProcessRefund fail, order COMPENSATION_FAILED, debit kept")
    void paymentAndRefundFail() {
        JsonNode order = run("222f741b-0292-4f93-a2f7-503f92486955", "105");

        assertThat(order.get("status").asText()).isEqualTo("COMPENSATION_FAILED");
        assertThat(steps(order)).contains("ProcessPayment FAILED", "ProcessRefund FAILED", "UpdateOrderStatus SUCCEEDED");
        assertThat(order.get("failed_step").asText()).isEqualTo("ProcessRefund");
        assertThat(ledger("222f741b-0292-4f93-a2f7-503f92486955")).containsExactly("Debit 32.99 PENDING");
    }

    @Test
    @DisplayName("prefix 3: ReserveInventory fails, stock released, debit refunded, order CANCELLED")
    void inventoryFails() {
        JsonNode order = run("3a7dc768-6f32-495d-a140-3d330c246f50", "106");

        assertThat(order.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(steps(order)).contains("ReserveInventory FAILED", "ReleaseInventory SUCCEEDED",
                "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED").doesNotContain("ReserveInventory SUCCEEDED");
        assertThat(net("3a7dc768-6f32-495d-a140-3d330c246f50")).isZero();
        assertThat(stock("106")).isEqualTo(1000);
        assertThat(reservationState("3a7dc768-6f32-495d-a140-3d330c246f50")).contains("RELEASED");
    }

    @Test
    @DisplayName("prefix 33: ReserveInventory and ReleaseInventory fail, the other compensations still run")
    void inventoryAndReleaseFail() {
        JsonNode order = run("33a49007-a815-4079-9b9b-e30ae7eca11f", "107");

        assertThat(order.get("status").asText()).isEqualTo("COMPENSATION_FAILED");
        assertThat(steps(order)).contains("ReserveInventory FAILED", "ReleaseInventory FAILED",
                "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED");
        assertThat(order.get("failed_step").asText()).isEqualTo("ReleaseInventory");
        assertThat(net("33a49007-a815-4079-9b9b-e30ae7eca11f")).isZero();
        assertThat(stock("107")).isEqualTo(999); // still reserved: the release is what failed
    }

    @Test
    @DisplayName("metrics count the outcome, the failed compensation and its retries")
    void metricsCountOutcomesCompensationsAndRetries() {
        Metrics before = Metrics.of(app);

        run("33000000-metrics", "108");
        // the compensations that repeat, and a callback the coordinator repeats, count once
        String lra = OrderJson.parse(app.get("/api/orders/33000000-metrics")).get("lra_id").asText();
        assertThat(app.signedCallback("compensate", Participant.PAYMENT, "33000000-metrics", lra).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.of(app).value("order_saga_outcomes_total", "status=\"COMPENSATION_FAILED\"")
                > before.value("order_saga_outcomes_total", "status=\"COMPENSATION_FAILED\""));
        Metrics after = Metrics.of(app);
        assertThat(delta(before, after, "order_saga_outcomes_total", "status=\"COMPENSATION_FAILED\"")).isEqualTo(1);
        assertThat(delta(before, after, "order_saga_compensations_total", "outcome=\"FAILED\"", "step=\"ReleaseInventory\"")).isEqualTo(1);
        assertThat(delta(before, after, "order_saga_compensations_total", "outcome=\"SUCCEEDED\"", "step=\"ProcessRefund\"")).isEqualTo(1);
        assertThat(delta(before, after, "order_saga_retries_total", "step=\"ReleaseInventory\"")).isEqualTo(2); // saga.compensation.max-retries
        assertThat(delta(before, after, "camel_route_policy_seconds_count", "routeId=\"inventory-reserve\"")).isEqualTo(1);
        assertThat(app.get("/observe/metrics").body()).containsPattern("camel_route_policy_seconds_bucket\\{[^}]*routeId=\"payment-debit\"[^}]*}");
        assertThat(app.get("/observe/health").statusCode()).isEqualTo(200);
    }

    private static double delta(Metrics before, Metrics after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    @DisplayName("saga view: the list links the order, and its drawing shows the failed step and the compensations")
    void sagaViewDrawsTheCompensatedPath() {
        run("3b000000-view", "109");

        assertThat(app.get("/").body()).contains("<a href=\"/orders/3b000000-view\">");
        String page = app.get("/orders/3b000000-view").body();
        assertThat(page).contains("data-step=\"ProcessOrder\" data-outcome=\"SUCCEEDED\"")
                .contains("data-step=\"ReserveInventory\" data-outcome=\"FAILED\"")
                .contains("data-step=\"ReleaseInventory\" data-outcome=\"SUCCEEDED\"")
                .contains("data-step=\"ProcessRefund\" data-outcome=\"SUCCEEDED\"")
                .contains("data-step=\"UpdateOrderStatus\" data-outcome=\"SUCCEEDED\"")
                .contains("data-step=\"ConfirmInventory\" data-outcome=\"NOT_RUN\"")
                .contains("ErrReserveInventory");
        assertThat(app.get("/orders/no-such-order").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("unknown order: 404")
    void unknownOrder() {
        assertThat(app.get("/api/orders/no-such-order").statusCode()).isEqualTo(404);
    }

    /** Drops the order into the inbox and waits until its saga has settled. */
    private JsonNode run(String orderId, String itemId) {
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, itemId, 1));
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> settled(orderId), Optional::isPresent).orElseThrow();
    }

    /** The order once it is terminal and its saga's closing callback has been recorded. */
    private Optional<JsonNode> settled(String orderId) {
        var response = app.get("/api/orders/" + orderId);
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode order = OrderJson.parse(response);
        boolean terminal = OrderStatus.valueOf(order.get("status").asText()).isFinal();
        boolean closed = steps(order).stream().anyMatch(step -> step.startsWith("SagaClosed") || step.startsWith("SagaCancelled")
                || step.startsWith("SagaTimedOut"));
        return terminal && closed ? Optional.of(order) : Optional.empty();
    }

    private static List<String> steps(JsonNode order) {
        List<String> steps = new ArrayList<>();
        order.get("history").forEach(entry -> steps.add(entry.get("step").asText() + " " + entry.get("outcome").asText()));
        return steps;
    }

    private List<String> ledger(String orderId) {
        return app.bean(PaymentRepository.class).ledger(orderId).stream()
                .map(entry -> entry.paymentType() + " " + entry.amount().toPlainString() + " " + entry.state()).toList();
    }

    private BigDecimal net(String orderId) {
        return app.bean(PaymentRepository.class).ledger(orderId).stream()
                .map(PaymentEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private int stock(String itemId) {
        return app.bean(InventoryRepository.class).stock(itemId).orElseThrow();
    }

    private Optional<String> reservationState(String orderId) {
        return app.bean(InventoryRepository.class).findReservation(orderId).map(r -> r.state());
    }
}
