package store;

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
    @DisplayName("a saga that closed: the order stays IN_PROGRESS through its completions, COMPLETED at the end, one event")
    void completedOnlyAtTheEnd() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            OrderRepository orders = tables.orders;
            String order = "7-ended-closed";
            orders.create(LocalTables.order(order), SAGA);
            orders.decide(order, SAGA, SagaDecision.CLOSED);

            assertThat(orders.complete(order, SAGA)).isTrue();
            assertThat(orders.find(order).orElseThrow().status()).isEqualTo(OrderStatus.IN_PROGRESS);
            assertThat(orders.end(order, SAGA, SagaDecision.CLOSED, Step.SAGA_CLOSED)).contains(OrderStatus.COMPLETED);

            assertThat(tables.outbox.claim(100)).extracting(event -> event.get("status")).containsExactly("COMPLETED");
        }
    }
}
