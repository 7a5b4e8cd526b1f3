package domain;

/**
 * Where an order's saga stands, as the status API reports it: IN_PROGRESS while it runs, COMPENSATING
 * once it was cancelled and until every compensation has ended, then final.
 */
public enum OrderStatus {
    IN_PROGRESS, COMPENSATING, COMPLETED, CANCELLED, COMPENSATION_FAILED;

    /** A status that changes no more, but through a redrive (COMPENSATION_FAILED to CANCELLED). */
    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED || this == COMPENSATION_FAILED;
    }
}
