package domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The saga's steps, one table: each step's name in an order's history (the seed sample's names),
 * the participant it belongs to, its kind, and the route that performs it. The callback routes are
 * stored by the coordinator in every running saga: renaming one would strand the sagas in flight.
 */
public enum Step {
    PROCESS_ORDER("ProcessOrder", Participant.ORDER, Kind.ACTION, "order-process"),
    PROCESS_PAYMENT("ProcessPayment", Participant.PAYMENT, Kind.ACTION, "payment-debit"),
    RESERVE_INVENTORY("ReserveInventory", Participant.INVENTORY, Kind.ACTION, "inventory-reserve"),
    UPDATE_ORDER_STATUS("UpdateOrderStatus", Participant.ORDER, Kind.COMPENSATION, "order-cancel"),
    PROCESS_REFUND("ProcessRefund", Participant.PAYMENT, Kind.COMPENSATION, "payment-refund"),
    RELEASE_INVENTORY("ReleaseInventory", Participant.INVENTORY, Kind.COMPENSATION, "inventory-release"),
    COMPLETE_ORDER("CompleteOrder", Participant.ORDER, Kind.COMPLETION, "order-complete"),
    SETTLE_PAYMENT("SettlePayment", Participant.PAYMENT, Kind.COMPLETION, "payment-settle"),
    CONFIRM_INVENTORY("ConfirmInventory", Participant.INVENTORY, Kind.COMPLETION, "inventory-confirm"),
    /** The saga ended closed: every completion ran. (Also the saga route's own completion, for sagas started before the end watch.) */
    SAGA_CLOSED("SagaClosed", Participant.SAGA, Kind.COMPLETION, "order-saga-closed"),
    /** The saga ended cancelled after an action failed: every compensation ran. (Also the saga route's own compensation.) */
    SAGA_CANCELLED("SagaCancelled", Participant.SAGA, Kind.COMPENSATION, "order-saga-cancelled"),
    /** The saga ended cancelled with no action failed: its time limit passed (or its close could not reach the coordinator). */
    SAGA_TIMED_OUT("SagaTimedOut", Participant.SAGA, Kind.ENDING, null),
    /** The coordinator lost the saga; the app finished it (the stranded-saga sweep). */
    SAGA_SWEPT("SagaSwept", Participant.SAGA, Kind.ENDING, null);

    /** What a step does for its participant. */
    public enum Kind {
        ACTION, COMPENSATION, COMPLETION,
        /** A record of how the saga ended, performed by no route of its own. */
        ENDING
    }

    private final String displayName;
    private final Participant participant;
    private final Kind kind;
    private final String route;

    Step(String displayName, Participant participant, Kind kind, String route) {
        this.displayName = displayName;
        this.participant = participant;
        this.kind = kind;
        this.route = route;
    }

    public String displayName() {
        return displayName;
    }

    public Participant participant() {
        return participant;
    }

    public Kind kind() {
        return kind;
    }

    /** The id of the route that performs the step; null for an ending record. */
    public String route() {
        return route;
    }

    /** The endpoint of that route. */
    public String uri() {
        return "direct:" + route;
    }

    /** The services' steps of one kind, in the saga's order (order, payment, inventory). */
    public static List<Step> ofServices(Kind kind) {
        return Arrays.stream(values()).filter(step -> step.kind == kind && step.participant.isService()).toList();
    }

    /** The services' steps of one kind, last service first: the order in which a saga is finished. */
    public static List<Step> ofServicesLastFirst(Kind kind) {
        List<Step> steps = new ArrayList<>(ofServices(kind));
        Collections.reverse(steps);
        return steps;
    }

    /** The step with this name in the history. */
    public static Step named(String displayName) {
        return Arrays.stream(values()).filter(step -> step.displayName.equals(displayName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no saga step is named " + displayName));
    }

    /**
     * The services' compensation of this name: the steps a parked order can have given up at, by which
     * the console and the bulk redrive filter. A clear refusal names them all.
     */
    public static Step failedStepNamed(String name) {
        return ofServices(Kind.COMPENSATION).stream().filter(step -> step.displayName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("failed_step must be one of " + ofServices(Kind.COMPENSATION) + ", not " + name));
    }

    /** The step whose route is {@code route}, if one is. */
    public static Optional<Step> ofRoute(String route) {
        return Arrays.stream(values()).filter(step -> step.route.equals(route)).findFirst();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
