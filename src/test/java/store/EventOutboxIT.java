package store;

import domain.OrderStatus;
import domain.RetryableFailure;
import domain.TransactionIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Relays on several replicas claim from one outbox at once: each event goes to exactly one of them. */
class EventOutboxIT {

    @Test
    void concurrentRelaysClaimEveryEventOnce() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            EventOutbox outbox = tables.outbox;
            List<String> written = IntStream.range(0, 60).mapToObj(i -> "7-claim-" + i).map(orderId -> {
                Transactions.write(tables.db, List.of(outbox.outcome(orderId, OrderStatus.COMPLETED, "saga-of-" + orderId)));
                return TransactionIds.event(orderId, OrderStatus.COMPLETED.name());
            }).toList();

            // three relays claim at once, 20 at a time, until the outbox is empty: each event goes to one of them
            ExecutorService relays = Executors.newFixedThreadPool(3);
            CyclicBarrier together = new CyclicBarrier(3);
            List<Future<List<String>>> claims = new ArrayList<>();
            for (int relay = 0; relay < 3; relay++) {
                claims.add(relays.submit(claimUntilEmpty(outbox, together)));
            }
            List<String> claimed = new ArrayList<>();
            int relaysThatClaimed = 0;
            for (Future<List<String>> claim : claims) {
                List<String> mine = claim.get();
                claimed.addAll(mine);
                relaysThatClaimed += mine.isEmpty() ? 0 : 1;
            }
            relays.shutdown();

            assertThat(relaysThatClaimed).as("the relays really competed").isGreaterThanOrEqualTo(2);
            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
            assertThat(outbox.claim(100)).as("claimed events are leased").isEmpty();
        }
    }

    /** A relay: claims 20 at a time (a claim that lost a transaction conflict tries again) until nothing is left. */
    private static Callable<List<String>> claimUntilEmpty(EventOutbox outbox, CyclicBarrier together) {
        return () -> {
            together.await();
            List<String> mine = new ArrayList<>();
            while (true) {
                List<Map<String, Object>> batch;
                try {
                    batch = outbox.claim(20);
                } catch (RetryableFailure transactionConflict) {
                    continue;
                }
                if (batch.isEmpty()) {
                    return mine;
                }
                batch.forEach(event -> mine.add((String) event.get("event_id")));
            }
        };
    }
}
