package store;

import domain.OrderStatus;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The console's counts per status against DynamoDB Local: exact over the window (its partial first
 * hour, the settled hours, the hour still settling), one answer for every console within a few
 * seconds, and a settled hour counted again only after the recount period.
 */
class StatusCountsIT {

    private static final Duration DAY = Duration.ofDays(1);

    private final LocalTables tables = new LocalTables();
    private final MovableClock clock = new MovableClock(); // 2026-12-03T10:00:00Z
    private final StatusCounts counts = new StatusCounts(tables.orders, clock, Duration.ofSeconds(5), Duration.ofMinutes(60), Duration.ofMinutes(15));
    private int stored;

    StatusCountsIT() throws Exception {
    }

    @AfterEach
    void close() throws Exception {
        tables.close();
    }

    @Test
    @DisplayName("exact over a day; the same answer for 5 s; a late order of a settled hour shows after the recount period")
    void countsOverTheWindow() {
        clock.advance(Duration.ofMinutes(20)); // 10:20
        store(OrderStatus.COMPLETED, "2026-12-02T09:30:00Z"); // before the window
        store(OrderStatus.COMPLETED, "2026-12-02T10:40:00.5Z"); // the window's partial first hour
        store(OrderStatus.COMPLETED, "2026-12-02T15:10:00Z");
        store(OrderStatus.COMPLETED, "2026-12-03T08:05:00.123456Z"); // a settled hour
        store(OrderStatus.COMPLETED, "2026-12-03T08:00:00.000417Z"); // its first millisecond: sorts before "08:00:00.000Z"
        store(OrderStatus.COMPLETED, "2026-12-03T06:59:59Z"); // a whole second: sorts after "06:59:59.999Z"
        store(OrderStatus.COMPLETED, "2026-12-03T09:40:00Z"); // still settling
        store(OrderStatus.CANCELLED, "2026-12-02T20:00:00Z");
        store(OrderStatus.IN_PROGRESS, "2026-12-03T10:10:00Z");
        store(OrderStatus.COMPENSATION_FAILED, "2026-12-02T12:00:00Z");

        assertThat(counts.within(DAY)).containsExactlyInAnyOrderEntriesOf(Map.of(OrderStatus.COMPLETED, 6L, OrderStatus.CANCELLED, 1L,
                OrderStatus.IN_PROGRESS, 1L, OrderStatus.COMPENSATION_FAILED, 1L, OrderStatus.COMPENSATING, 0L));

        store(OrderStatus.COMPLETED, "2026-12-03T08:30:00Z"); // late into the settled hour (a redrive does this to CANCELLED)
        store(OrderStatus.COMPLETED, "2026-12-03T10:15:00Z");
        assertThat(counts.within(DAY).get(OrderStatus.COMPLETED)).as("one answer for 5 s").isEqualTo(6);
        clock.advance(Duration.ofSeconds(10));
        assertThat(counts.within(DAY).get(OrderStatus.COMPLETED)).as("the settled hour remembered").isEqualTo(7);
        clock.advance(Duration.ofMinutes(15));
        assertThat(counts.within(DAY).get(OrderStatus.COMPLETED)).as("and counted again").isEqualTo(8);
        assertThat(counts.within(Duration.ofMinutes(15)).get(OrderStatus.COMPLETED)).as("another window").isZero();
    }

    private void store(OrderStatus status, String createdAt) {
        String orderId = "count-" + ++stored;
        tables.db.putItem(r -> r.tableName(tables.names.orders()).item(Map.of("order_id", fromS(orderId), "status", fromS(status.name()),
                "created_at", fromS(createdAt), "total", fromN("1"))));
    }
}
