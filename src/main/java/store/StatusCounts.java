package store;

import domain.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * How many orders of each status were stored within a window, for the console, without a scan and
 * without a counter every saga writes. Each count is a Query of the status index with Select COUNT,
 * which reads only that status's index items of the range. To keep a console that refreshes every
 * few seconds cheap on a busy table:
 * <ul>
 * <li>IN_PROGRESS, COMPENSATING and COMPENSATION_FAILED are few (running, or parked: an alert fires on
 *     any), so they are counted whole each time;</li>
 * <li>COMPLETED and CANCELLED only grow, and an hour's orders are settled once every saga of it has
 *     ended ({@code settledAfter}): a settled hour is counted once and remembered for {@code settledFor}
 *     (so a redrive, or an expiry, shows within that time); the hours still settling are counted each time;</li>
 * <li>a whole answer is remembered for {@code fresh}, so any number of open consoles cost one count.</li>
 * </ul>
 */
public class StatusCounts {

    private final OrderRepository orders;
    private final Clock clock;
    private final Duration fresh;
    private final Duration settledAfter;
    private final Duration settledFor;
    private final Map<String, Counted> hours = new HashMap<>();
    private final Map<Duration, Counted> answers = new HashMap<>();

    public StatusCounts(OrderRepository orders, Clock clock, Duration fresh, Duration settledAfter, Duration settledFor) {
        this.orders = orders;
        this.clock = clock;
        this.fresh = fresh;
        this.settledAfter = settledAfter;
        this.settledFor = settledFor;
    }

    /**
     * The count of each status among the orders stored in the last {@code window}. One at a time: the
     * consoles that ask meanwhile wait for that answer instead of counting again.
     */
    public synchronized Map<OrderStatus, Long> within(Duration window) {
        Instant now = clock.instant();
        Counted answer = answers.get(window);
        if (answer != null && answer.at().plus(fresh).isAfter(now)) {
            return answer.counts();
        }
        Map<OrderStatus, Long> counts = count(now.minus(window), now);
        answers.put(window, new Counted(now, counts));
        hours.values().removeIf(hour -> hour.at().plus(settledFor).isBefore(now));
        return counts;
    }

    private Map<OrderStatus, Long> count(Instant from, Instant to) {
        Map<OrderStatus, Long> counts = new EnumMap<>(OrderStatus.class);
        Instant settled = to.minus(settledAfter).truncatedTo(ChronoUnit.HOURS);
        for (OrderStatus status : OrderStatus.values()) {
            if (!grows(status) || !settled.isAfter(from)) {
                counts.put(status, orders.count(status, from, to));
                continue;
            }
            long total = orders.count(status, settled, to);
            Instant hour = from.truncatedTo(ChronoUnit.HOURS);
            if (hour.isBefore(from)) { // the window's first, partial hour
                total += orders.count(status, from, endOf(hour));
                hour = hour.plus(1, ChronoUnit.HOURS);
            }
            for (; hour.isBefore(settled); hour = hour.plus(1, ChronoUnit.HOURS)) {
                total += settledHour(status, hour, to);
            }
            counts.put(status, total);
        }
        return counts;
    }

    private long settledHour(OrderStatus status, Instant hour, Instant now) {
        String key = status + "@" + hour;
        Counted known = hours.get(key);
        if (known != null && known.at().plus(settledFor).isAfter(now)) {
            return known.counts().get(status);
        }
        long count = orders.count(status, hour, endOf(hour));
        hours.put(key, new Counted(now, Map.of(status, count)));
        return count;
    }

    /** The last second of the hour: the ranges take whole seconds, both ends included. */
    private static Instant endOf(Instant hour) {
        return hour.plus(1, ChronoUnit.HOURS).minusSeconds(1);
    }

    /** COMPLETED and CANCELLED: statuses an order keeps, which only gain orders as sagas end. */
    private static boolean grows(OrderStatus status) {
        return status == OrderStatus.COMPLETED || status == OrderStatus.CANCELLED;
    }

    private record Counted(Instant at, Map<OrderStatus, Long> counts) {
    }
}
