package store;

import domain.Completion;
import domain.MessageKeys;
import domain.OrderStatus;
import domain.SagaDecision;
import domain.Step;
import domain.Undo;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.language.simple.Simple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/** Records how each saga step ended, parks an order whose compensation gave up, and raises alerts. */
public class SagaJournal {

    private static final Logger LOG = LoggerFactory.getLogger(SagaJournal.class);

    private final HistoryRepository history;
    private final OrderRepository orders;

    public SagaJournal(HistoryRepository history, OrderRepository orders) {
        this.history = history;
        this.orders = orders;
    }

    public void succeeded(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                          @Header(MessageKeys.LRA_ID) String lraId) {
        history.succeeded(orderId, step, lraId);
    }

    public void actionFailed(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                             @Simple("${exception.message}") String error, @Header(MessageKeys.LRA_ID) String lraId) {
        LOG.warn("Order {}: {} failed: {}", orderId, step.displayName(), error);
        history.actionFailed(orderId, step, error, lraId);
    }

    /** Whether this saga's step already gave up and was parked: a repeated callback then answers at once. */
    public boolean isParked(String orderId, Step step, String lraId) {
        return history.hasFailed(orderId, step, lraId);
    }

    /** The compensations of this saga that gave up and have not succeeded since: what a redrive retries. */
    public List<Step> parkedCompensations(String orderId, String lraId) {
        List<HistoryEntry> entries = history.list(orderId, lraId);
        return Step.ofServicesLastFirst(Step.Kind.COMPENSATION).stream()
                .filter(step -> entries.stream().anyMatch(entry -> entry.is(step, Outcome.FAILED))
                        && entries.stream().noneMatch(entry -> entry.is(step, Outcome.SUCCEEDED)))
                .toList();
    }

    /**
     * The steps of the saga's decision (its completions when it closed, else its compensations) of
     * the services whose action this saga's history records, that have nothing in the history
     * themselves: as the endpoints that perform them, last service first. Once the coordinator says
     * the saga ended there should be none; any that is left runs in the app. (A service whose action
     * never ran most likely never joined: its compensation is not run, so no marker is left.)
     */
    public List<String> unrecordedSteps(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId,
                                        @ExchangeProperty(MessageKeys.DECISION) SagaDecision decision) {
        List<HistoryEntry> entries = history.list(orderId, lraId);
        Step.Kind kind = decision == SagaDecision.CLOSED ? Step.Kind.COMPLETION : Step.Kind.COMPENSATION;
        return Step.ofServicesLastFirst(kind).stream()
                .filter(step -> entries.stream().anyMatch(entry -> entry.step() == step.participant().step(Step.Kind.ACTION)))
                .filter(step -> entries.stream().noneMatch(entry -> entry.step() == step))
                .map(Step::uri)
                .toList();
    }

    /**
     * Records a compensation's result; true when this call recorded it (a repeated callback finds it
     * recorded: count it once). At the saga's end ({@code atEnd}, see {@link #unrecordedSteps}) a
     * compensation that found nothing to undo is not recorded (its participant most likely never
     * joined), and one that undid something raises an alert: the coordinator ended the saga before it.
     */
    public boolean compensated(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step, @Body Undo undo,
                               @Header(MessageKeys.LRA_ID) String lraId, @ExchangeProperty(MessageKeys.AT_END) Boolean atEnd) {
        if (Boolean.TRUE.equals(atEnd) && undo == Undo.NOTHING_TO_UNDO) {
            return false;
        }
        if (Boolean.TRUE.equals(atEnd) && undo == Undo.UNDONE) {
            ranAfterTheEnd(orderId, step, lraId);
        }
        switch (undo) {
            case REFUSED_COMPLETED -> {
                refused(orderId, step, lraId);
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

    /**
     * A callback that contradicts how the saga ended was refused (a compensation: the saga closed; a
     * completion: it was cancelled); the app finishes the saga the way it ended.
     */
    public void refused(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                        @Header(MessageKeys.LRA_ID) String lraId) {
        SagaDecision decided = step.kind() == Step.Kind.COMPENSATION ? SagaDecision.CLOSED : SagaDecision.CANCELLED;
        String reason = decided == SagaDecision.CLOSED ? "refused: the saga already completed" : "refused: the saga was already cancelled";
        LOG.error("ALERT order {}: {} {} ({}); finishing the saga as {}", orderId, step.displayName(), reason, lraId, decided);
        history.failed(orderId, step, reason, lraId);
    }

    /**
     * The step was retried: how often, and how long it waited before its last attempt, go into the
     * journal for the console. Only a retried step costs this write; it is diagnostic, so a failure
     * to write it is logged, not retried.
     */
    public void retried(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                        @Header(MessageKeys.LRA_ID) String lraId, @ExchangeProperty(MessageKeys.RETRIES) int retries,
                        @ExchangeProperty(MessageKeys.STEP_STARTED_AT) long startedAt,
                        @ExchangeProperty(MessageKeys.LAST_RETRY_AT) long lastRetryAt) {
        if (orderId == null || step == null || lraId == null) {
            return; // a join that failed before the step was known
        }
        try {
            history.retried(orderId, lraId, step, retries, Math.max(0, lastRetryAt - startedAt));
        } catch (SdkException notWritten) {
            LOG.warn("Order {}: could not record that {} was retried {} times: {}", orderId, step.displayName(), retries, notWritten.getMessage());
        }
    }

    /** A compensation ran out of retries: the order is COMPENSATION_FAILED until someone looks at it. */
    /** True when this call parked it (count it once); the coordinator is then told the step is done with, so it stops calling. */
    public boolean compensationParked(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                                      @Simple("${exception.message}") String error, @Header(MessageKeys.LRA_ID) String lraId) {
        LOG.error("ALERT order {}: {} failed after all retries, order parked as COMPENSATION_FAILED: {}",
                orderId, step.displayName(), error);
        return orders.markCompensationFailed(orderId, lraId, step, error);
    }

    /**
     * Every participant's callback has run: the order takes its final status, and its history says how
     * the saga ended: closed, cancelled after an action failed, cancelled with no action failed (its time
     * limit passed), or cancelled by the app ({@code swept}: the coordinator had lost it).
     */
    public Optional<OrderStatus> ended(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId,
                                      @ExchangeProperty(MessageKeys.DECISION) SagaDecision decision,
                                      @ExchangeProperty(MessageKeys.SWEPT) Boolean swept) {
        Step ending = decision == SagaDecision.CLOSED ? Step.SAGA_CLOSED
                : Boolean.TRUE.equals(swept) ? Step.SAGA_SWEPT
                : history.list(orderId, lraId).stream().anyMatch(entry -> entry.failed() && entry.step().kind() == Step.Kind.ACTION)
                        ? Step.SAGA_CANCELLED : Step.SAGA_TIMED_OUT;
        Optional<OrderStatus> status = orders.end(orderId, lraId, decision, ending);
        status.ifPresent(ended -> LOG.info("Order {}: saga ended ({}), order {}", orderId, ending.displayName(), ended));
        return status;
    }

    /** A completion ran; when it applied, its repository recorded it in the same transaction as its writes. */
    public String completed(@Header(MessageKeys.ORDER_ID) String orderId, @ExchangeProperty(MessageKeys.STEP) Step step,
                            @Body Completion completion, @Header(MessageKeys.LRA_ID) String lraId,
                            @ExchangeProperty(MessageKeys.AT_END) Boolean atEnd) {
        if (!completion.done()) {
            LOG.warn("Order {}: {} found nothing to complete for saga {}", orderId, step.displayName(), lraId);
        } else if (Boolean.TRUE.equals(atEnd) && completion == Completion.APPLIED) {
            ranAfterTheEnd(orderId, step, lraId);
        }
        return "Completed";
    }

    /** At a saga's end a step the coordinator never ran did something here: the coordinator ended the saga before it. */
    private static void ranAfterTheEnd(String orderId, Step step, String lraId) {
        LOG.error("ALERT order {}: the saga {} ended before {} ran; the app ran it", orderId, lraId, step.displayName());
    }
}
