package domain;

import java.util.Optional;

/**
 * The seed sample's failure scenarios, picked by order-id prefix (see {@link Participant}): "1"
 * fails ProcessOrder, "11" also fails its compensation UpdateOrderStatus; likewise "2"/"22" for
 * payment and "3"/"33" for inventory. Actions fail after their write, compensations before theirs,
 * on every attempt.
 */
public class FaultInjector {

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
        if (enabled && picks(step, orderId)) {
            throw new InjectedFailure(step, orderId);
        }
    }

    /** Whether the order id's prefix picks a scenario in which this step fails. */
    public static boolean picks(Step step, String orderId) {
        Optional<String> prefix = switch (step.kind()) {
            case ACTION -> step.participant().failingActionPrefix();
            case COMPENSATION -> step.participant().failingCompensationPrefix();
            default -> Optional.empty();
        };
        return prefix.filter(orderId::startsWith).isPresent();
    }
}
