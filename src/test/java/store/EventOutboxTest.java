package store;

import domain.OrderStatus;
import domain.RetryableFailure;
import domain.TransactionIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Relays on several replicas claim from one outbox at once: each event goes to exactly one of them. */
class EventOutboxTest {

    @Test
    void concurrentRelaysClaimEveryEventOnce() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            EventOutbox outbox = tables.outbox;
            List<String> written = IntStream.range(0, 60).mapToObj(i -> "7-claim-" + i).map(orderId -> {
                Transactions.write(tables.db, List.of(outbox.outcome(orderId, OrderStatus.COMPLETED, "saga-of-" + orderId)));
                return TransactionIds.event(orderId, OrderStatus.COMPLETED.name());
            }).toList();

            // overlapping claims of different sizes, so some candidates are taken by another relay mid-claim
            ExecutorService relays = Executors.newFixedThreadPool(3);
            List<Future<List<Map<String, Object>>>> claims = new ArrayList<>();
            for (int limit : new int[] {20, 40, 100}) {
                claims.add(relays.submit(claimOrNothing(outbox, limit)));
            }
            List<String> claimed = new ArrayList<>();
            for (Future<List<Map<String, Object>>> claim : claims) {
                claim.get().forEach(event -> claimed.add((String) event.get("event_id")));
            }
            relays.shutdown();
            // what a claim that lost a transaction conflict left behind is still there for the next one
            outbox.claim(100).forEach(event -> claimed.add((String) event.get("event_id")));

            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
            assertThat(outbox.claim(100)).as("claimed events are leased").isEmpty();
        }
    }

    private static Callable<List<Map<String, Object>>> claimOrNothing(EventOutbox outbox, int limit) {
        return () -> {
            try {
                return outbox.claim(limit);
            } catch (RetryableFailure transactionConflict) {
                return List.of();
            }
        };
    }
}
