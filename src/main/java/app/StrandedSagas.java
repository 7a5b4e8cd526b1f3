package app;

import domain.LraStatus;
import domain.SagaDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
    private final Clock clock;

    /** @param strandedAfter how long after an order was stored its saga counts as stranded (saga.stranded-after-seconds) */
    public StrandedSagas(CoordinatorClient coordinator, OrderRepository orders, Duration strandedAfter, Clock clock) {
        this.coordinator = coordinator;
        this.orders = orders;
        this.strandedAfter = strandedAfter;
        this.clock = clock;
    }

    /**
     * The decision to finish this order's saga with here; empty when its coordinator is on it. A saga
     * its coordinator still reports as ending twice the stranded time after the order was stored is
     * finished here too: its recovery has not managed it (seen after the coordinator was killed -9).
     */
    public Optional<SagaDecision> finishHere(OrderRecord order) {
        String orderId = order.orderId();
        String lraId = order.lraId();
        LraStatus status = coordinator.state(lraId).status();
        if (status == LraStatus.ACTIVE) {
            LOG.error("ALERT order {}: saga {} is still running long after its time limit; asking its coordinator to cancel it", orderId, lraId);
            coordinator.cancel(lraId);
            return Optional.empty();
        }
        if (status != LraStatus.UNKNOWN && clock.instant().isBefore(Instant.parse(order.createdAt()).plus(strandedAfter.multipliedBy(2)))) {
            LOG.warn("Order {}: saga {} is {} at its coordinator long after its time limit; its recovery is to finish it",
                    orderId, lraId, status);
            return Optional.empty();
        }
        // lost (unknown), or never finished by the coordinator's recovery: the decision taken stands, else its report
        SagaDecision decision = orders.decide(orderId, lraId, status.reportedEnd());
        LOG.error("ALERT order {}: the coordinator {} saga {}; the app finishes it as {}", orderId,
                status == LraStatus.UNKNOWN ? "has lost" : "has not finished (" + status + ")", lraId, decision);
        return Optional.of(decision);
    }
}
