package domain;

/** Where an order's saga stands, as the status API reports it. */
public enum OrderStatus {
    IN_PROGRESS, COMPLETED, CANCELLED, COMPENSATION_FAILED
}
