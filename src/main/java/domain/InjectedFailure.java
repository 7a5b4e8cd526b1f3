package domain;

/** A failure injected on purpose by the order-id prefix scenarios (see FaultInjector). */
public class InjectedFailure extends BusinessFailure {

    public InjectedFailure(Step step, String orderId) {
        super("Err" + step.displayName() + ": injected failure for order " + orderId);
    }
}
