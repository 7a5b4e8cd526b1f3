package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.BusinessFailure;
import domain.Order;
import domain.OrderReader;
import domain.OrderStatus;
import domain.Participant;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import store.InventoryRepository;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The participants' rules on the real app: idempotent, compensations that run before their action
 * and in any order, no late action after a compensation, stock never below zero.
 */
class ParticipantRulesIT extends WithRunningApp {

    @Test
    @DisplayName("the same order dropped three times: one saga, one debit, stock taken once")
    void duplicateOrderFilesRunOnce() {
        String orderId = "47000000-dup";
        app.dropInInbox("first.json", OrderJson.order(orderId, "201", 2));
        app.dropInInbox("again.json", OrderJson.order(orderId, "201", 2));
        awaitStatus(orderId, "COMPLETED");
        app.dropInInbox("later.json", OrderJson.order(orderId, "201", 2));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(app.processed().resolve("later.json")));

        assertThat(app.sagasStarted()).containsEntry(orderId, 1);
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit");
        assertThat(stock("201")).isEqualTo(998);
        assertThat(app.processed().resolve("first.json")).exists();
        assertThat(app.processed().resolve("again.json")).exists();
    }

    @Test
    @DisplayName("the coordinator cancels a saga whose steps never ran: markers are left, and the late actions are refused")
    void compensationBeforeAction() {
        String orderId = "47000000-early";
        String lra = app.startLra();
        for (Participant participant : List.of(Participant.SAGA, Participant.ORDER, Participant.PAYMENT, Participant.INVENTORY)) {
            app.join(lra, participant, orderId);
        }

        assertThat(app.endLra(lra, false)).isEqualTo(200);
        awaitStatus(orderId, "CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.bean(InventoryRepository.class).findReservation(orderId).isPresent()
                && app.bean(PaymentRepository.class).ledger(orderId).size() == 1);

        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).singleElement()
                .satisfies(credit -> assertThat(credit.amount()).isEqualByComparingTo(BigDecimal.ZERO));
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("RELEASED");

        // the actions of the same saga arrive late: every one is refused and nothing moves
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, "202", 1));
        assertThatThrownBy(() -> app.bean(OrderRepository.class).create(order, lra)).isInstanceOf(BusinessFailure.class);
        assertThatThrownBy(() -> app.bean(PaymentRepository.class).debit(order, lra)).isInstanceOf(BusinessFailure.class);
        assertThatThrownBy(() -> app.bean(InventoryRepository.class).reserve(order, lra)).isInstanceOf(BusinessFailure.class);
        assertThat(stock("202")).isEqualTo(1000);
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Credit");
    }

    @Test
    @DisplayName("compensations in forward order, each delivered twice, undo every step exactly once")
    void compensationsInAnyOrderAndRepeated() {
        String orderId = "47000000-undo";
        String lra = app.runningSaga(orderId, "203", 3);
        assertThat(stock("203")).isEqualTo(997);

        // the coordinator compensates in reverse join order: order, payment, inventory
        assertThat(app.endLra(lra, false)).isEqualTo(200);
        awaitStatus(orderId, "CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock("203") == 1000 && app.bean(PaymentRepository.class).ledger(orderId).size() == 2);
        // and calls each again, as after a lost answer
        for (Participant participant : List.of(Participant.ORDER, Participant.PAYMENT, Participant.INVENTORY)) {
            assertThat(app.signedCallback("compensate", participant, orderId, lra).statusCode()).isEqualTo(200);
        }

        assertThat(status(orderId).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(e -> e.paymentType() + " " + e.amount().toPlainString())
                .containsExactly("Debit 72.97", "Credit -72.97");
        assertThat(stock("203")).isEqualTo(1000);
        assertThat(steps(orderId)).containsOnlyOnce("UpdateOrderStatus SUCCEEDED", "ProcessRefund SUCCEEDED", "ReleaseInventory SUCCEEDED");
    }

    @Test
    @DisplayName("a compensation replayed after the saga completed is refused: nothing is undone")
    void compensationAfterCompletionRefused() {
        String orderId = "47000000-late";
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "204", 1));
        String lra = awaitStatus(orderId, "COMPLETED").get("lra_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> app.lraStatus(lra).equals("HTTP 404"));

        for (Participant participant : List.of(Participant.INVENTORY, Participant.PAYMENT, Participant.ORDER)) {
            assertThat(app.signedCallback("compensate", participant, orderId, lra).statusCode()).isEqualTo(403);
        }

        assertThat(status(orderId).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit");
        assertThat(stock("204")).isEqualTo(999);
        assertThat(steps(orderId)).noneMatch(step -> step.contains("FAILED") || step.startsWith("UpdateOrderStatus")
                || step.startsWith("ProcessRefund") || step.startsWith("ReleaseInventory"));
    }

    @Test
    @DisplayName("a saga that began to close is then cancelled: the compensations are refused and the app finishes closing it")
    void cancelAfterCloseBeganFinishesTheClose() {
        String orderId = "47000000-closing";
        String lra = app.runningSaga(orderId, "209", 1);
        callInProcess("direct:payment-settle", orderId, lra);

        for (String route : List.of("direct:order-cancel", "direct:inventory-release", "direct:payment-refund")) {
            callInProcess(route, orderId, lra);
        }
        callInProcess("direct:saga-ended", orderId, lra); // as the coordinator's report of the end would

        assertThat(status(orderId).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("CONFIRMED");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(e -> e.paymentType() + " " + e.state())
                .containsExactly("Debit SETTLED");
        assertThat(stock("209")).isEqualTo(999);
    }

    @Test
    @DisplayName("a saga that began to cancel is then closed: the completions are refused and the app finishes cancelling it")
    void closeAfterCancelBeganFinishesTheCancel() {
        String orderId = "47000000-cancelling";
        String lra = app.runningSaga(orderId, "210", 1);
        callInProcess("direct:inventory-release", orderId, lra);

        for (String route : List.of("direct:payment-settle", "direct:order-complete", "direct:inventory-confirm")) {
            callInProcess(route, orderId, lra);
        }
        callInProcess("direct:saga-ended", orderId, lra);

        assertThat(status(orderId).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("RELEASED");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit", "Credit");
        assertThat(stock("210")).isEqualTo(1000);
    }

    @Test
    @DisplayName("a saga compensated while its actions still run: the late actions fail through their routes, nothing moves")
    void lateActionsThroughTheRoutesAreRefused() {
        String orderId = "47000000-late-actions";
        String lra = app.startLra(); // still running at the coordinator: the actions can join
        for (String route : List.of("direct:inventory-release", "direct:payment-refund", "direct:order-cancel")) {
            callInProcess(route, orderId, lra); // as the coordinator's compensations would, at the time limit
        }
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, "211", 1));

        for (String action : List.of("direct:order-process", "direct:payment-debit", "direct:inventory-reserve")) {
            assertThatThrownBy(() -> app.context().createFluentProducerTemplate().to(action).withHeader("orderId", orderId)
                    .withHeader("Long-Running-Action", lra).withBody(order).request()).as(action).hasRootCauseInstanceOf(BusinessFailure.class);
        }

        assertThat(stock("211")).isEqualTo(1000);
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Credit");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("RELEASED");
        assertThat(steps(orderId)).contains("ProcessOrder FAILED", "ProcessPayment FAILED", "ReserveInventory FAILED");
        assertThat(app.endLra(lra, false)).isEqualTo(200);
    }

    /** A step's callback route run in this JVM, as the decision fix-ups and the stranded-saga sweep run them. */
    private void callInProcess(String route, String orderId, String lra) {
        app.context().createFluentProducerTemplate().to(route).withHeader("orderId", orderId)
                .withHeader("Long-Running-Action", lra).withBody("").request();
    }

    @Test
    @DisplayName("callbacks without a token (unknown saga, other coordinator, another saga's order) are refused and change nothing")
    void forgedCompensationsChangeNothing() {
        String genuine = app.startLra();
        String unknownHere = genuine.substring(0, genuine.lastIndexOf('/') + 1) + "0_ffff7f000001_forged";
        String elsewhere = "http://attacker.example/lra-coordinator/" + genuine.substring(genuine.lastIndexOf('/') + 1);
        String neverOrdered = "47000000-forged";
        String victim = "47000000-victim";
        app.dropInInbox(victim + ".json", OrderJson.order(victim, "206", 2));
        awaitStatus(victim, "COMPLETED");

        for (String endpoint : List.of("direct://inventory-release", "direct://payment-refund", "direct://order-cancel")) {
            for (String orderId : List.of(neverOrdered, victim)) {
                for (String lra : List.of(unknownHere, elsewhere, genuine)) {
                    assertThat(app.participantCallback("compensate", endpoint, orderId, lra).statusCode()).isEqualTo(403);
                }
            }
        }

        assertThat(app.get("/api/orders/" + neverOrdered).statusCode()).isEqualTo(404);
        assertThat(app.bean(PaymentRepository.class).ledger(neverOrdered)).isEmpty();
        assertThat(app.bean(InventoryRepository.class).findReservation(neverOrdered)).isEmpty();
        assertThat(status(victim).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(app.bean(PaymentRepository.class).ledger(victim)).extracting(PaymentEntry::paymentType).containsExactly("Debit");
        assertThat(stock("206")).isEqualTo(998);
    }

    @Test
    @DisplayName("forged completions settle nothing: the real saga can still undo every step")
    void forgedCompletionsSettleNothing() {
        String orderId = "47000000-unsettled";
        String lra = app.runningSaga(orderId, "207", 1);
        String forged = lra.substring(0, lra.lastIndexOf('/') + 1) + "0_ffff7f000001_forged";

        for (String endpoint : List.of("direct://inventory-confirm", "direct://payment-settle", "direct://order-complete")) {
            assertThat(app.participantCallback("complete", endpoint, orderId, forged).statusCode()).isEqualTo(403);
            assertThat(app.participantCallback("complete", endpoint, orderId, lra).statusCode()).isEqualTo(403);
            assertThat(app.participantCallback("complete", endpoint, orderId, "http://attacker.example/x").statusCode()).isEqualTo(403);
        }
        assertThat(status(orderId).get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("RESERVED");

        assertThat(app.endLra(lra, false)).isEqualTo(200);
        awaitStatus(orderId, "CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> stock("207") == 1000 && app.bean(PaymentRepository.class).ledger(orderId).size() == 2);
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit", "Credit");
    }

    @Test
    @DisplayName("two orders race for the last unit: one completes, one is cancelled, stock ends at zero")
    void raceForTheLastUnit() {
        setStock("205", 1);
        ProducerTemplate producer = app.context().createProducerTemplate();

        CompletableFuture<Object> first = producer.asyncRequestBody("direct:order-intake", OrderJson.bytes("47000000-race-a", "205", 1));
        CompletableFuture<Object> second = producer.asyncRequestBody("direct:order-intake", OrderJson.bytes("47000000-race-b", "205", 1));
        CompletableFuture.allOf(first, second).handle((done, error) -> null).join();

        List<String> outcomes = List.of(terminalStatus("47000000-race-a"), terminalStatus("47000000-race-b"));
        assertThat(outcomes).containsExactlyInAnyOrder("COMPLETED", "CANCELLED");
        assertThat(stock("205")).isZero();
        String loser = outcomes.get(0).equals("CANCELLED") ? "47000000-race-a" : "47000000-race-b";
        assertThat(status(loser).get("error").asText()).contains("not enough stock of item 205");
    }

    @Test
    @DisplayName("100 orders at once compete for 25 units: exactly 25 sold, the other 75 cancelled for want of stock")
    void hundredOrdersForTwentyFiveUnits() throws Exception {
        setStock("208", 25);
        List<String> orderIds = IntStream.range(0, 100).mapToObj(i -> "47000000-crowd-" + i).toList();
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            ProducerTemplate producer = app.context().createProducerTemplate();
            List<Future<?>> sent = orderIds.stream()
                    .map(orderId -> callers.submit(() -> producer.requestBody("direct:order-intake", OrderJson.bytes(orderId, "208", 1))))
                    .collect(Collectors.toList());
            for (Future<?> call : sent) {
                call.get(); // a saga's failure is its outcome, not the caller's error
            }
        } finally {
            callers.shutdown();
        }

        Map<String, List<String>> byStatus = orderIds.stream().collect(Collectors.groupingBy(this::terminalStatus));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder("COMPLETED", "CANCELLED");
        assertThat(byStatus.get("COMPLETED")).hasSize(25);
        assertThat(byStatus.get("CANCELLED")).hasSize(75)
                .allSatisfy(orderId -> assertThat(status(orderId).get("error").asText()).contains("not enough stock of item 208"));
        assertThat(stock("208")).isZero();
        assertThat(byStatus.get("CANCELLED")).allSatisfy(orderId -> assertThat(app.bean(PaymentRepository.class).ledger(orderId).stream()
                .map(PaymentEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add)).isZero());
    }

    @Test
    @DisplayName("a file that is not an order is moved to rejected with the reason beside it")
    void badFileRejectedWithReason() throws Exception {
        app.dropInInbox("broken.json", "{\"order_id\": \"a#b\", \"items\": []}");

        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(app.rejected().resolve("broken.json.reason")));
        assertThat(Files.readString(app.rejected().resolve("broken.json.reason"))).contains("order_id must be 1 to 64 letters");
        assertThat(Files.readString(app.rejected().resolve("broken.json"))).contains("a#b");
        assertThat(app.inbox().resolve("broken.json")).doesNotExist();
    }

    private JsonNode awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> app.get("/api/orders/" + orderId).statusCode() == 200
                        && status.equals(status(orderId).get("status").asText()));
        return status(orderId);
    }

    private String terminalStatus(String orderId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> OrderStatus.valueOf(status(orderId).get("status").asText()).isFinal());
        return status(orderId).get("status").asText();
    }

    private List<String> steps(String orderId) {
        List<String> steps = new ArrayList<>();
        status(orderId).get("history").forEach(entry -> steps.add(entry.get("step").asText() + " " + entry.get("outcome").asText()));
        return steps;
    }

    private JsonNode status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId));
    }

    private void setStock(String itemId, int units) {
        app.bean(DynamoDbClient.class).updateItem(r -> r.tableName("inventory").key(Map.of("item_id", AttributeValue.fromS(itemId)))
                .updateExpression("SET stock = :units").expressionAttributeValues(Map.of(":units", AttributeValue.fromN(Integer.toString(units)))));
    }

    private int stock(String itemId) {
        return app.bean(InventoryRepository.class).stock(itemId).orElseThrow();
    }
}
