package domain;

/** The saga's steps under the seed sample's names; these names appear in an order's history. */
public enum Step {
    PROCESS_ORDER("ProcessOrder"),
    PROCESS_PAYMENT("ProcessPayment"),
    RESERVE_INVENTORY("ReserveInventory"),
    UPDATE_ORDER_STATUS("UpdateOrderStatus"),
    PROCESS_REFUND("ProcessRefund"),
    RELEASE_INVENTORY("ReleaseInventory"),
    COMPLETE_ORDER("CompleteOrder"),
    SETTLE_PAYMENT("SettlePayment"),
    CONFIRM_INVENTORY("ConfirmInventory"),
    /** The saga ended closed: every completion ran. */
    SAGA_CLOSED("SagaClosed"),
    /** The saga ended cancelled after an action failed: every compensation ran. */
    SAGA_CANCELLED("SagaCancelled"),
    /** The saga ended cancelled with no action failed: its time limit passed (or its close could not reach the coordinator). */
    SAGA_TIMED_OUT("SagaTimedOut"),
    /** The coordinator lost the saga; the app cancelled it (the stranded-saga sweep). */
    SAGA_SWEPT("SagaSwept");

    private final String displayName;

    Step(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
