package store;

import domain.OrderStatus;
import domain.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redrive re-runs only the compensations that gave up; another may still be retrying and give up
 * after the order was CANCELLED by the redrive. The order must park again, and each park and each
 * redrive must publish its own event (consumers drop a repeated event_id).
 */
class ParkAfterRedriveTest {

    private static final String SAGA = "http://127.0.0.1:1/lra-coordinator/0_redriven";
    private static final String ORDER = "22-park-again";

    @Test
    void aStepThatGivesUpAfterARedriveParksTheOrderAgainWithItsOwnEvent() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            OrderRepository orders = tables.orders;
            orders.create(LocalTables.order(ORDER), SAGA);

            orders.markCompensationFailed(ORDER, SAGA, Step.PROCESS_REFUND, "card network down");
            assertThat(orders.redriven(ORDER, SAGA, List.of(Step.PROCESS_REFUND))).isTrue();
            orders.markCompensationFailed(ORDER, SAGA, Step.RELEASE_INVENTORY, "inventory service down");

            OrderRecord parkedAgain = orders.find(ORDER).orElseThrow();
            assertThat(parkedAgain.status()).isEqualTo(OrderStatus.COMPENSATION_FAILED);
            assertThat(parkedAgain.failedStep()).isEqualTo(Step.RELEASE_INVENTORY.displayName());
            assertThat(orders.redriven(ORDER, SAGA, List.of(Step.RELEASE_INVENTORY))).isTrue();

            List<Map<String, Object>> events = tables.outbox.claim(100); // none published yet: all four still there
            assertThat(events).extracting(event -> event.get("status")).containsExactlyInAnyOrder(
                    "COMPENSATION_FAILED", "CANCELLED", "COMPENSATION_FAILED", "CANCELLED");
            assertThat(events).extracting(event -> event.get("event_id")).doesNotHaveDuplicates();
        }
    }
}
