package app;

import domain.CallbackRefused;
import domain.CallbackVerdict;
import domain.LraStatus;
import domain.MessageKeys;
import domain.SagaDecision;
import domain.Step;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import store.OrderRecord;
import store.OrderRepository;
import store.SagaDecisions;
import store.SagaJournal;

/**
 * Decides what a saga callback may do before it changes anything. The first callback of a saga
 * decides how it ended for all its steps: Narayana 7.1 can cancel a saga at its time limit after it
 * began to close (docs, "Guarantees"), which would otherwise leave some steps completed and others
 * undone. A callback that came over HTTP ({@code fromCoordinator}) passed the token check at the
 * entry; before it may record a decision, or go against one, the saga's coordinator must confirm it
 * is ending the saga that way. In-process callers (the stranded-saga sweep, the fix-ups of a
 * contradicted decision, redrive) act on a decision already taken.
 */
public class CallbackGate {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGate.class);

    /** What follows a coordinator's address in an LRA id (no path, query or fragment). */
    private static final Pattern LRA_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final List<String> lraPrefixes;
    private final OrderRepository orders;
    private final SagaDecisions decisions;
    private final SagaJournal journal;
    private final CoordinatorClient coordinator;
    private final Clock clock;

    /** @param coordinators the LRA base URLs of the coordinators whose sagas this app serves, e.g. http://host:8081/lra-coordinator */
    public CallbackGate(List<String> coordinators, OrderRepository orders, SagaDecisions decisions, SagaJournal journal,
                        CoordinatorClient coordinator, Clock clock) {
        this.lraPrefixes = coordinators.stream().map(url -> url.endsWith("/") ? url : url + "/").toList();
        this.clock = clock;
        this.orders = orders;
        this.decisions = decisions;
        this.journal = journal;
        this.coordinator = coordinator;
    }

    /**
     * A completion proceeds unless the saga is known to be cancelled: the completion's own write
     * records the decision CLOSED, and finds it if the saga was cancelled first (the repositories
     * finish only their own saga's steps). One from outside needs the coordinator to be closing the
     * saga, as {@link #decision} says; when the saga is known cancelled, that decision stands. A saga
     * the coordinator no longer knows is never closed by a callback: the stranded-saga sweep ends it,
     * cancelled unless a decision was taken.
     */
    public CallbackVerdict completion(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId,
                                      @ExchangeProperty(MessageKeys.FROM_COORDINATOR) Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        Optional<SagaDecision> known = decisions.known(orderId, lraId);
        if (!Boolean.TRUE.equals(fromCoordinator) || known.equals(Optional.of(SagaDecision.CLOSED))) {
            return known.orElse(SagaDecision.CLOSED) == SagaDecision.CLOSED ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
        }
        CoordinatorClient.SagaState saga = coordinator.state(lraId);
        if (known.isPresent()) {
            return decision(orderId, lraId, SagaDecision.CLOSED, saga) == SagaDecision.CLOSED
                    ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
        }
        if (!saga.mayEndAs(SagaDecision.CLOSED, clock.instant())) {
            throw refused(lraId, saga.status(), SagaDecision.CLOSED);
        }
        return CallbackVerdict.PROCEED;
    }

    /**
     * A compensation is skipped when the order belongs to another saga (a duplicate that lost the
     * race for its id) or the step gave up earlier and was parked (a redrive retries it), and
     * refused when the saga closed first.
     */
    public CallbackVerdict compensation(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                                        @Header(MessageKeys.LRA_ID) String lraId, @ExchangeProperty(MessageKeys.REDRIVE) Boolean redrive,
                                        @ExchangeProperty(MessageKeys.FROM_COORDINATOR) Boolean fromCoordinator) {
        Optional<OrderRecord> order = orders.find(orderId);
        if (order.isPresent() && !lraId.equals(order.get().lraId())) {
            checkOurCoordinator(lraId);
            LOG.info("Order {}: {} left the order alone: it belongs to another saga", orderId, step.displayName());
            return CallbackVerdict.SKIP;
        }
        if (decision(orderId, lraId, SagaDecision.CANCELLED, fromCoordinator) == SagaDecision.CLOSED) {
            return CallbackVerdict.CONTRADICTS_DECISION;
        }
        return !Boolean.TRUE.equals(redrive) && journal.isParked(orderId, step, lraId) ? CallbackVerdict.SKIP : CallbackVerdict.PROCEED;
    }

    /**
     * The saga route's own callbacks (of sagas started before the end watch) record how it ended,
     * unless that contradicts the decision: its completion says closed, its compensation cancelled.
     */
    public CallbackVerdict sagaCallback(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId,
                                        @ExchangeProperty(MessageKeys.STEP) Step step,
                                        @ExchangeProperty(MessageKeys.FROM_COORDINATOR) Boolean fromCoordinator) {
        SagaDecision ended = step.kind() == Step.Kind.COMPLETION ? SagaDecision.CLOSED : SagaDecision.CANCELLED;
        return decision(orderId, lraId, ended, fromCoordinator) == ended ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
    }

    /** How a saga's end is to be handled: the decision that stands, and whether the app must run its callbacks itself first. */
    public record Ending(SagaDecision decision, boolean finishHere) {
    }

    /**
     * The saga has ended (the coordinator's AfterLRA call, or the stranded-saga sweep in this JVM). If
     * no callback recorded a decision, it is recorded now as {@code reported} says (the coordinator's
     * final status). A report of a saga the coordinator no longer knows ends it as a lost saga: its
     * decision, or cancelled, with every callback run here first (idempotent if they ran).
     */
    public Ending ended(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId, @Body String reported,
                        @ExchangeProperty(MessageKeys.FROM_COORDINATOR) Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        if (!Boolean.TRUE.equals(fromCoordinator)) {
            return new Ending(orders.decide(orderId, lraId, LraStatus.parse(reported).reportedEnd()), false);
        }
        CoordinatorClient.SagaState saga = coordinator.state(lraId);
        if (!saga.mayHaveEnded()) {
            throw new CallbackRefused("decision", "the coordinator reports the saga " + lraId + " as running, so it has not ended");
        }
        if (saga.status() == LraStatus.UNKNOWN) {
            return new Ending(orders.decide(orderId, lraId, SagaDecision.CANCELLED), true);
        }
        return new Ending(orders.decide(orderId, lraId, saga.status().reportedEnd()), false);
    }

    /**
     * The decision that stands for the saga, recorded now as {@code wanted} if none was. A callback
     * from outside may record one, or go against the one recorded, only if the coordinator may be
     * ending the saga that way: a callback URL replayed on the other path (its token serves both), or
     * during a saga still running, is refused. One that agrees with the decision this replica knows
     * needs no question (the coordinator repeats callbacks).
     */
    private SagaDecision decision(String orderId, String lraId, SagaDecision wanted, Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        if (!Boolean.TRUE.equals(fromCoordinator) || decisions.known(orderId, lraId).equals(Optional.of(wanted))) {
            return orders.decide(orderId, lraId, wanted);
        }
        return decision(orderId, lraId, wanted, coordinator.state(lraId));
    }

    /** The decision that stands, recorded now as {@code wanted} if none was and the coordinator's report of the saga allows it. */
    private SagaDecision decision(String orderId, String lraId, SagaDecision wanted, CoordinatorClient.SagaState saga) {
        if (!saga.mayEndAs(wanted, clock.instant())) {
            throw refused(lraId, saga.status(), wanted);
        }
        SagaDecision standing = orders.decide(orderId, lraId, wanted);
        if (standing != wanted && saga.status() == LraStatus.UNKNOWN) {
            throw refused(lraId, saga.status(), wanted); // the coordinator is done with it: nothing to finish for it
        }
        return standing;
    }

    private static CallbackRefused refused(String lraId, LraStatus status, SagaDecision wanted) {
        return new CallbackRefused("decision", "the coordinator reports the saga " + lraId + " as " + status
                + ", so it is not " + (wanted == SagaDecision.CLOSED ? "closing" : "cancelling") + " it");
    }

    private void checkOurCoordinator(String lraId) {
        boolean ours = lraId != null && lraPrefixes.stream().anyMatch(prefix -> lraId.startsWith(prefix)
                && LRA_NAME.matcher(lraId.substring(prefix.length())).matches());
        if (!ours) {
            throw new CallbackRefused("coordinator", lraId + " is not a saga of the coordinators " + lraPrefixes);
        }
    }
}
