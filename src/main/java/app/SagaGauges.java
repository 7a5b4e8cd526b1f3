package app;

import domain.OrderStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import store.EventOutbox;
import store.OrderRepository;

/**
 * What an operator is paged on, as gauges: the age of the oldest saga IN_PROGRESS and of the oldest
 * COMPENSATING, the number of parked orders, and the age of the oldest outcome event not yet
 * published. Read from DynamoDB by {@link #refresh} (a timer, metrics.gauges-period-ms), not on each
 * scrape: three one-item reads of the status index, a count of the parked orders in it, and a read
 * of the outbox, which holds only unpublished events. Every replica reports the same values; the
 * alert rules take their max.
 */
public class SagaGauges {

    private static final List<OrderStatus> OPEN = List.of(OrderStatus.IN_PROGRESS, OrderStatus.COMPENSATING);

    private final OrderRepository orders;
    private final EventOutbox outbox;
    private final Clock clock;
    private final Map<OrderStatus, AtomicLong> oldestOpenSeconds = new EnumMap<>(OrderStatus.class);
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong oldestEventSeconds = new AtomicLong();

    public SagaGauges(OrderRepository orders, EventOutbox outbox, Clock clock, MeterRegistry metrics) {
        this.orders = orders;
        this.outbox = outbox;
        this.clock = clock;
        for (OrderStatus status : OPEN) {
            AtomicLong age = new AtomicLong();
            oldestOpenSeconds.put(status, age);
            Gauge.builder("order.saga.oldest.open.seconds", age, AtomicLong::get).tag("status", status.name())
                    .description("Age of the oldest saga with this status (0: none)").register(metrics);
        }
        Gauge.builder("order.saga.parked.orders", parked, AtomicLong::get)
                .description("Orders parked as COMPENSATION_FAILED, waiting for an operator").register(metrics);
        Gauge.builder("order.saga.outbox.oldest.seconds", oldestEventSeconds, AtomicLong::get)
                .description("Age of the oldest outcome event not yet published (0: none)").register(metrics);
    }

    /** Reads the values anew; a read that fails leaves the last values (the health checks report the outage). */
    public void refresh() {
        Instant now = clock.instant();
        OPEN.forEach(status -> oldestOpenSeconds.get(status).set(ageSeconds(orders.oldestCreated(status), now)));
        parked.set(orders.count(OrderStatus.COMPENSATION_FAILED));
        oldestEventSeconds.set(ageSeconds(outbox.oldestUnpublished(), now));
    }

    private static long ageSeconds(Optional<Instant> since, Instant now) {
        return since.map(at -> Math.max(0, Duration.between(at, now).toSeconds())).orElse(0L);
    }
}
