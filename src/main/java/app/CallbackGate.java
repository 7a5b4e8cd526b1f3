package app;

import domain.CallbackVerdict;
import domain.RequestRefused;
import domain.SagaDecision;
import domain.Step;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import store.OrderRecord;
import store.OrderRepository;
import store.SagaJournal;

/**
 * Checks a saga callback before it may change anything. Anyone who reaches the participant URL can
 * call it, so a callback must name an LRA of our coordinator, and a compensation for an order that
 * no saga of ours stored must name an LRA the coordinator really has. And the first callback of a
 * saga decides how it ended for all its steps: Narayana 7.1 can cancel a saga at its time limit
 * after it began to close (README, "Guarantees"), which would leave some steps completed and others undone.
 */
public class CallbackGate {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackGate.class);

    /** What follows the coordinator's address in an LRA id (no path, query or fragment). */
    private static final Pattern LRA_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private final String lraPrefix;
    private final OrderRepository orders;
    private final SagaJournal journal;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** @param coordinatorLras the coordinator's LRA base URL, e.g. http://host:8081/lra-coordinator */
    public CallbackGate(String coordinatorLras, OrderRepository orders, SagaJournal journal) {
        this.lraPrefix = coordinatorLras.endsWith("/") ? coordinatorLras : coordinatorLras + "/";
        this.orders = orders;
        this.journal = journal;
    }

    /** A completion proceeds unless the saga was cancelled first (the repositories finish only their own saga's steps). */
    public CallbackVerdict completion(String orderId, String lraId) {
        checkOurCoordinator(lraId);
        return orders.decide(orderId, lraId, SagaDecision.CLOSED) == SagaDecision.CLOSED
                ? CallbackVerdict.PROCEED : CallbackVerdict.CONTRADICTS_DECISION;
    }

    /**
     * A compensation is skipped when the order belongs to another saga (a duplicate that lost the
     * race for its id) or the step gave up earlier and was parked (a redrive retries it), and
     * refused when the saga closed first. A compensation of a saga that is neither ours nor the
     * coordinator's is refused outright.
     */
    public CallbackVerdict compensation(String orderId, Step step, String lraId, Boolean redrive) {
        checkOurCoordinator(lraId);
        Optional<OrderRecord> order = orders.find(orderId);
        boolean ownsOrder = order.isPresent() && lraId.equals(order.get().lraId());
        if (!ownsOrder) {
            checkCoordinatorKnows(lraId); // not a saga that stored anything here: it must at least be real
        }
        if (order.isPresent() && !ownsOrder) {
            LOG.info("Order {}: {} left the order alone: it belongs to another saga", orderId, step.displayName());
            return CallbackVerdict.SKIP;
        }
        if (orders.decide(orderId, lraId, SagaDecision.CANCELLED) == SagaDecision.CLOSED) {
            return CallbackVerdict.CONTRADICTS_DECISION;
        }
        return !Boolean.TRUE.equals(redrive) && journal.isParked(orderId, step, lraId) ? CallbackVerdict.SKIP : CallbackVerdict.PROCEED;
    }

    /** The saga's own callbacks (its route joins too) only record how it ended. */
    public void checkSagaCallback(String lraId) {
        checkOurCoordinator(lraId);
    }

    private void checkOurCoordinator(String lraId) {
        if (lraId == null || !lraId.startsWith(lraPrefix) || !LRA_NAME.matcher(lraId.substring(lraPrefix.length())).matches()) {
            throw new RequestRefused(403, "refused: " + lraId + " is not a saga of the coordinator at " + lraPrefix);
        }
    }

    private void checkCoordinatorKnows(String lraId) {
        int status;
        try {
            status = http.send(HttpRequest.newBuilder(URI.create(lraId + "/status")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new RequestRefused(503, "cannot ask the coordinator about " + lraId + " now: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestRefused(503, "interrupted while asking the coordinator about " + lraId);
        }
        if (status == 404 || status == 410) {
            throw new RequestRefused(403, "refused: the coordinator does not know the saga " + lraId);
        }
        if (status != 200) {
            throw new RequestRefused(503, "the coordinator answered " + status + " about " + lraId);
        }
    }
}
