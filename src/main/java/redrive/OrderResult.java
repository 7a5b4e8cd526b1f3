package redrive;

import domain.OrderStatus;
import domain.Step;
import java.util.List;

/** What a redrive job did to one of its orders: the compensations it ran, and the order's status and error after them. */
public record OrderResult(Kind kind, List<Step> compensations, OrderStatus status, String detail) {

    /** How it went. PENDING orders have no result yet. */
    public enum Kind {
        PENDING,
        /** Every parked compensation succeeded: the order is CANCELLED. */
        CANCELLED,
        /** A compensation failed again: the order is still COMPENSATION_FAILED, {@code detail} says why. */
        STILL_PARKED,
        /** The order was no longer parked (redriven meanwhile, by hand or by a job that died after it): nothing ran. */
        SKIPPED
    }

    public static final OrderResult PENDING = new OrderResult(Kind.PENDING, List.of(), null, null);
}
