package store;

import domain.OrderStatus;
import domain.SagaDecision;
import domain.Step;
import domain.Undo;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records how each saga step ended, parks an order whose compensation gave up, and raises alerts. */
public class SagaJournal {

    private static final Logger LOG = LoggerFactory.getLogger(SagaJournal.class);

    private static final List<Step> COMPENSATIONS = List.of(Step.RELEASE_INVENTORY, Step.PROCESS_REFUND, Step.UPDATE_ORDER_STATUS);
    private static final List<Step> ACTIONS = List.of(Step.PROCESS_ORDER, Step.PROCESS_PAYMENT, Step.RESERVE_INVENTORY);

    private final HistoryRepository history;
    private final OrderRepository orders;

    public SagaJournal(HistoryRepository history, OrderRepository orders) {
        this.history = history;
        this.orders = orders;
    }

    public void succeeded(String orderId, Step step, String lraId) {
        history.succeeded(orderId, step, lraId);
    }

    public void actionFailed(String orderId, Step step, String error, String lraId) {
        LOG.warn("Order {}: {} failed: {}", orderId, step.displayName(), error);
        history.failed(orderId, step, error, lraId);
    }

    /** Whether this saga's step already gave up and was parked: a repeated callback then answers at once. */
    public boolean isParked(String orderId, Step step, String lraId) {
        return history.hasFailed(orderId, step, lraId);
    }

    /** The compensations of this saga that gave up and have not succeeded since: what a redrive retries. */
    public List<Step> parkedCompensations(String orderId, String lraId) {
        List<HistoryEntry> entries = history.list(orderId, lraId);
        return COMPENSATIONS.stream()
                .filter(step -> outcomes(entries, step).contains(HistoryRepository.FAILED)
                        && !outcomes(entries, step).contains(HistoryRepository.SUCCEEDED))
                .toList();
    }

    private static List<String> outcomes(List<HistoryEntry> entries, Step step) {
        return entries.stream().filter(entry -> entry.step().equals(step.displayName())).map(HistoryEntry::outcome).toList();
    }

    /** Records a compensation's result; true when this call recorded it (a repeated callback finds it recorded: count it once). */
    public boolean compensated(String orderId, Step step, Undo undo, String lraId) {
        switch (undo) {
            case REFUSED_COMPLETED -> {
                refused(orderId, step, SagaDecision.CLOSED, lraId);
                return false;
            }
            case NOT_THIS_SAGA -> {
                LOG.info("Order {}: {} left the order alone: it belongs to another saga", orderId, step.displayName());
                return false;
            }
            default -> {
                LOG.info("Order {}: {} {}", orderId, step.displayName(), undo);
                return history.succeeded(orderId, step, lraId);
            }
        }
    }

    /** A callback that contradicts how the saga ended was refused; the app finishes the saga the way it ended. */
    public void refused(String orderId, Step step, SagaDecision decided, String lraId) {
        String reason = decided == SagaDecision.CLOSED ? "refused: the saga already completed" : "refused: the saga was already cancelled";
        LOG.error("ALERT order {}: {} {} ({}); finishing the saga as {}", orderId, step.displayName(), reason, lraId, decided);
        history.failed(orderId, step, reason, lraId);
    }

    /** A compensation ran out of retries: the order is COMPENSATION_FAILED until someone looks at it. */
    /** True when this call parked it (count it once); the coordinator is then told the step is done with, so it stops calling. */
    public boolean compensationParked(String orderId, Step step, String error, String lraId) {
        LOG.error("ALERT order {}: {} failed after all retries, order parked as COMPENSATION_FAILED: {}",
                orderId, step.displayName(), error);
        return orders.markCompensationFailed(orderId, lraId, step, error);
    }

    /**
     * Every participant's callback has run: the order takes its final status, and its history says how
     * the saga ended: closed, cancelled after an action failed, cancelled with no action failed (its time
     * limit passed), or cancelled by the app ({@code swept}: the coordinator had lost it).
     */
    public Optional<OrderStatus> ended(String orderId, String lraId, SagaDecision decision, Boolean swept) {
        Step ending = decision == SagaDecision.CLOSED ? Step.SAGA_CLOSED
                : Boolean.TRUE.equals(swept) ? Step.SAGA_SWEPT
                : history.list(orderId, lraId).stream().anyMatch(entry -> HistoryRepository.FAILED.equals(entry.outcome())
                        && ACTIONS.stream().anyMatch(action -> action.displayName().equals(entry.step())))
                        ? Step.SAGA_CANCELLED : Step.SAGA_TIMED_OUT;
        Optional<OrderStatus> status = orders.end(orderId, lraId, decision, ending);
        status.ifPresent(ended -> LOG.info("Order {}: saga ended ({}), order {}", orderId, ending.displayName(), ended));
        return status;
    }

    /** A completion ran; when it applied, its repository recorded it in the same transaction as its writes. */
    public String completed(String orderId, Step step, boolean applied, String lraId) {
        if (!applied) {
            LOG.warn("Order {}: {} found nothing to complete for saga {}", orderId, step.displayName(), lraId);
        }
        return "Completed";
    }
}
