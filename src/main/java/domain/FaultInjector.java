package domain;

import java.util.Map;

/**
 * The seed sample's failure scenarios, picked by order-id prefix: "1" fails ProcessOrder, "11"
 * also fails its compensation UpdateOrderStatus; likewise "2"/"22" for payment and "3"/"33" for
 * inventory. Actions fail after their write, compensations before theirs, on every attempt.
 */
public class FaultInjector {

    private static final Map<Step, String> PREFIXES = Map.of(
            Step.PROCESS_ORDER, "1",
            Step.UPDATE_ORDER_STATUS, "11",
            Step.PROCESS_PAYMENT, "2",
            Step.PROCESS_REFUND, "22",
            Step.RESERVE_INVENTORY, "3",
            Step.RELEASE_INVENTORY, "33");

    private volatile boolean enabled;

    public FaultInjector(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Switches the scenarios off (or on) while running: "the bug is fixed", before a redrive. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void failIfScenario(Step step, String orderId) {
        String prefix = PREFIXES.get(step);
        if (enabled && prefix != null && orderId.startsWith(prefix)) {
            throw new InjectedFailure(step, orderId);
        }
    }
}
