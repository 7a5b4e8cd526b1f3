package app;

import domain.LraStatus;
import domain.SagaDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import store.OrderRecord;
import store.OrderRepository;

/**
 * What to do with a saga still open long after its time limit. The coordinator can lose one: killed
 * -9 as the saga starts, Narayana 7.1 restores it as Active with no time limit, or forgets it. A saga
 * its coordinator still runs is cancelled there (the coordinator then calls the compensations and
 * reports the end); one it no longer knows is finished here, the way its decision says (cancelled if
 * none was taken), with the history entry SagaSwept.
 */
public class StrandedSagas {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedSagas.class);

    private final CoordinatorClient coordinator;
    private final OrderRepository orders;
    private final Duration strandedAfter;
    private final Duration checkPeriod;
    private final Clock clock;

    /**
     * @param strandedAfter how long after an order was stored its saga counts as stranded (saga.stranded-after-seconds)
     * @param checkPeriod how often each replica looks (saga.stranded-check-period-ms): a replica that takes an order on holds it that long
     */
    public StrandedSagas(CoordinatorClient coordinator, OrderRepository orders, Duration strandedAfter, Duration checkPeriod, Clock clock) {
        this.checkPeriod = checkPeriod;
        this.coordinator = coordinator;
        this.orders = orders;
        this.strandedAfter = strandedAfter;
        this.clock = clock;
    }

    /** Orders still open well after their saga's time limit: each is looked at by {@link #finishHere}. */
    public List<OrderRecord> candidates() {
        return orders.openOlderThan(strandedAfter.toSeconds());
    }

    /**
     * The decision to finish this order's saga with here; null when its coordinator is on it. A saga
     * its coordinator still reports as ending twice the stranded time after the order was stored is
     * finished here too: its recovery has not managed it (seen after the coordinator was killed -9).
     */
    public SagaDecision finishHere(OrderRecord order) {
        String orderId = order.orderId();
        String lraId = order.lraId();
        if (orders.find(orderId).map(now -> now.status().isFinal() || !lraId.equals(now.lraId())).orElse(true)) {
            return null; // the status index lags the table: this one has ended meanwhile
        }
        if (!orders.takeOnStranded(orderId, lraId, checkPeriod)) {
            return null; // another replica's sweep has it in hand: one cancel per order
        }
        LraStatus status = coordinator.state(lraId).status();
        if (status == LraStatus.ACTIVE) {
            LOG.error("ALERT order {}: saga {} is still running long after its time limit; asking its coordinator to cancel it", orderId, lraId);
            coordinator.cancel(lraId);
            return null;
        }
        if (status != LraStatus.UNKNOWN && clock.instant().isBefore(Instant.parse(order.createdAt()).plus(strandedAfter.multipliedBy(2)))) {
            LOG.warn("Order {}: saga {} is {} at its coordinator long after its time limit; its recovery is to finish it",
                    orderId, lraId, status);
            return null;
        }
        // lost (unknown), or never finished by the coordinator's recovery: the decision taken stands, else its report
        SagaDecision decision = orders.decide(orderId, lraId, status.reportedEnd());
        LOG.error("ALERT order {}: the coordinator {} saga {}; the app finishes it as {}", orderId,
                status == LraStatus.UNKNOWN ? "has lost" : "has not finished (" + status + ")", lraId, decision);
        return decision;
    }
}
