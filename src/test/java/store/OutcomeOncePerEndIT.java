package store;

import domain.Completion;
import domain.OrderStatus;
import domain.SagaDecision;
import domain.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order's status is final only once its saga has ended, and each final status is one outcome event:
 * a compensation that gives up leaves the order COMPENSATING (no event), the end parks it (one event),
 * a repeated end or a redrive that fails again adds none, a redrive that succeeds is a new outcome.
 */
class OutcomeOncePerEndIT {

    private static final String SAGA = "http://127.0.0.1:1/lra-coordinator/0_ended";

    @Test
    @DisplayName("give up, end, end again, redrive in vain, redrive: COMPENSATION_FAILED then CANCELLED, one event each")
    void oneEventPerOutcome() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            OrderRepository orders = tables.orders;
            String order = "22-ended-once";
            orders.create(LocalTables.order(order), SAGA);
            orders.decide(order, SAGA, SagaDecision.CANCELLED);

            assertThat(orders.markCompensationFailed(order, SAGA, Step.PROCESS_REFUND, "card network down")).isTrue();
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.COMPENSATING);
            assertThat(tables.outbox.claim(100)).isEmpty();

            assertThat(orders.end(order, SAGA, SagaDecision.CANCELLED, Step.SAGA_CANCELLED)).contains(OrderStatus.COMPENSATION_FAILED);
            assertThat(orders.end(order, SAGA, SagaDecision.CANCELLED, Step.SAGA_CANCELLED)).contains(OrderStatus.COMPENSATION_FAILED);
            assertThat(orders.markCompensationFailed(order, SAGA, Step.PROCESS_REFUND, "still down")).isFalse(); // a redrive in vain
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
            assertThat(orders.redriven(order, SAGA, List.of(Step.PROCESS_REFUND))).isTrue();

            List<Map<String, Object>> events = tables.outbox.claim(100); // none published yet: all still there
            assertThat(events).extracting(event -> event.get("status")).containsExactlyInAnyOrder("COMPENSATION_FAILED", "CANCELLED");
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
        }
    }

    @Test
    @DisplayName("a saga that closed with CompleteOrder before another completion: the order stays IN_PROGRESS until the end, one event")
    void completedAtTheEnd() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            OrderRepository orders = tables.orders;
            String order = "7-ended-closed";
            orders.create(LocalTables.order(order), SAGA);
            tables.history.succeeded(order, Step.CONFIRM_INVENTORY, SAGA); // SettlePayment has not run yet

            assertThat(orders.complete(order, SAGA)).isEqualTo(Completion.APPLIED);
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.IN_PROGRESS);
            assertThat(orders.hasEnded(order, SAGA)).isFalse();
            assertThat(orders.end(order, SAGA, SagaDecision.CLOSED, Step.SAGA_CLOSED)).contains(OrderStatus.COMPLETED);

            assertThat(tables.outbox.claim(100)).extracting(event -> event.get("status")).containsExactly("COMPLETED");
        }
    }

    @Test
    @DisplayName("CompleteOrder last, as the coordinator closes: COMPLETED with its event and SagaClosed in its own write; the end adds nothing")
    void completedByTheLastCompletion() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            OrderRepository orders = tables.orders;
            String order = "7-completed-last";
            orders.create(LocalTables.order(order), SAGA);
            tables.history.succeeded(order, Step.CONFIRM_INVENTORY, SAGA);
            tables.history.succeeded(order, Step.SETTLE_PAYMENT, SAGA);

            assertThat(orders.complete(order, SAGA)).isEqualTo(Completion.APPLIED);
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.COMPLETED);
            assertThat(tables.history.list(order, SAGA)).extracting(HistoryEntry::step).containsExactly(Step.PROCESS_ORDER,
                    Step.CONFIRM_INVENTORY, Step.SETTLE_PAYMENT, Step.COMPLETE_ORDER, Step.SAGA_CLOSED);
            assertThat(tables.anotherReplica().hasEnded(order, SAGA)).isTrue();
            assertThat(orders.complete(order, SAGA)).isEqualTo(Completion.RECORDED_BEFORE);
            assertThat(orders.end(order, SAGA, SagaDecision.CLOSED, Step.SAGA_CLOSED)).contains(OrderStatus.COMPLETED);

            assertThat(tables.outbox.claim(100)).extracting(event -> event.get("status")).containsExactly("COMPLETED");
        }
    }

    @Test
    @DisplayName("a completion of a saga another replica cancelled first: refused by its own write, which leaves everything as it was")
    void completionAfterACancellation() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            String order = "7-cancelled-first";
            tables.orders.create(LocalTables.order(order), SAGA);
            tables.history.succeeded(order, Step.CONFIRM_INVENTORY, SAGA);
            tables.history.succeeded(order, Step.SETTLE_PAYMENT, SAGA);
            assertThat(tables.anotherReplica().decide(order, SAGA, SagaDecision.CANCELLED)).isEqualTo(SagaDecision.CANCELLED);

            assertThat(tables.orders.complete(order, SAGA)).isEqualTo(Completion.CANCELLED_FIRST);
            assertThat(tables.orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.COMPENSATING);
            assertThat(tables.history.list(order, SAGA)).extracting(HistoryEntry::step)
                    .containsExactly(Step.PROCESS_ORDER, Step.CONFIRM_INVENTORY, Step.SETTLE_PAYMENT);
            assertThat(tables.outbox.claim(100)).isEmpty();
        }
    }
}
