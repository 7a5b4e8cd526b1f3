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
    SAGA_CLOSED("SagaClosed"),
    SAGA_CANCELLED("SagaCancelled");

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
