package app;

import domain.CallbackRefused;
import domain.CallbackVerdict;
import domain.LraStatus;
import domain.SagaDecision;
import domain.Step;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import store.OrderRecord;
import store.OrderRepository;
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
    private final SagaJournal journal;
    private final CoordinatorClient coordinator;

    /** @param coordinators the LRA base URLs of the coordinators whose sagas this app serves, e.g. http://host:8081/lra-coordinator */
    public CallbackGate(List<String> coordinators, OrderRepository orders, SagaJournal journal, CoordinatorClient coordinator) {
        this.lraPrefixes = coordinators.stream().map(url -> url.endsWith("/") ? url : url + "/").toList();
        this.orders = orders;
        this.journal = journal;
        this.coordinator = coordinator;
    }

    /** A completion proceeds unless the saga was cancelled first (the repositories finish only their own saga's steps). */
    public CallbackVerdict completion(String orderId, String lraId, Boolean fromCoordinator) {
        return decision(orderId, lraId, SagaDecision.CLOSED, fromCoordinator) == SagaDecision.CLOSED
                ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
    }

    /**
     * A compensation is skipped when the order belongs to another saga (a duplicate that lost the
     * race for its id) or the step gave up earlier and was parked (a redrive retries it), and
     * refused when the saga closed first.
     */
    public CallbackVerdict compensation(String orderId, Step step, String lraId, Boolean redrive, Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        confirmWithCoordinator(orderId, lraId, SagaDecision.CANCELLED, fromCoordinator);
        Optional<OrderRecord> order = orders.find(orderId);
        if (order.isPresent() && !lraId.equals(order.get().lraId())) {
            LOG.info("Order {}: {} left the order alone: it belongs to another saga", orderId, step.displayName());
            return CallbackVerdict.SKIP;
        }
        if (orders.decide(orderId, lraId, SagaDecision.CANCELLED) == SagaDecision.CLOSED) {
            return CallbackVerdict.CONTRADICTS_DECISION;
        }
        return !Boolean.TRUE.equals(redrive) && journal.isParked(orderId, step, lraId) ? CallbackVerdict.SKIP : CallbackVerdict.PROCEED;
    }

    /** The saga route's own callbacks record how it ended, unless that contradicts the decision taken. */
    public CallbackVerdict sagaCallback(String orderId, String lraId, SagaDecision ended, Boolean fromCoordinator) {
        return decision(orderId, lraId, ended, fromCoordinator) == ended ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
    }

    /**
     * The saga has ended (the coordinator's AfterLRA call, or the stranded-saga sweep in this JVM): the
     * decision that stands. If no callback recorded one, it is recorded now as {@code reported} says
     * (the coordinator's final status; the sweep cancels). A call from outside is refused while the
     * coordinator still runs the saga, or no longer knows it.
     */
    public SagaDecision ended(String orderId, String lraId, String reported, Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        if (Boolean.TRUE.equals(fromCoordinator)) {
            LraStatus status = coordinator.status(lraId);
            if (status == LraStatus.ACTIVE || status == LraStatus.UNKNOWN) {
                throw new CallbackRefused("decision", "the coordinator reports the saga " + lraId + " as " + status + ", so it has not ended");
            }
        }
        return orders.decide(orderId, lraId, LraStatus.parse(reported).reportedEnd());
    }

    private SagaDecision decision(String orderId, String lraId, SagaDecision wanted, Boolean fromCoordinator) {
        checkOurCoordinator(lraId);
        confirmWithCoordinator(orderId, lraId, wanted, fromCoordinator);
        return orders.decide(orderId, lraId, wanted);
    }

    /**
     * A callback from outside may record a decision, or go against the one recorded, only if the
     * coordinator is ending the saga that way: a callback URL replayed on the other path (its token
     * serves both), or during a saga still running, is refused. One that agrees with the decision
     * this replica knows needs no question (the coordinator repeats callbacks).
     */
    private void confirmWithCoordinator(String orderId, String lraId, SagaDecision wanted, Boolean fromCoordinator) {
        if (!Boolean.TRUE.equals(fromCoordinator) || orders.knownDecision(orderId, lraId).equals(Optional.of(wanted))) {
            return;
        }
        LraStatus status = coordinator.status(lraId);
        if (!status.mayEndAs(wanted)) {
            throw new CallbackRefused("decision", "the coordinator reports the saga " + lraId + " as " + status
                    + ", so it is not " + (wanted == SagaDecision.CLOSED ? "closing" : "cancelling") + " it");
        }
    }

    private void checkOurCoordinator(String lraId) {
        boolean ours = lraId != null && lraPrefixes.stream().anyMatch(prefix -> lraId.startsWith(prefix)
                && LRA_NAME.matcher(lraId.substring(prefix.length())).matches());
        if (!ours) {
            throw new CallbackRefused("coordinator", lraId + " is not a saga of the coordinators " + lraPrefixes);
        }
    }
}
