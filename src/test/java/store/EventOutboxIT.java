package store;

import domain.OrderStatus;
import domain.RetryableFailure;
import domain.TransactionIds;
import java.util.ArrayList;
import java.util.List;
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
            CyclicBarrier afterFirstClaim = new CyclicBarrier(3);
            List<Future<List<String>>> claims = new ArrayList<>();
            for (int relay = 0; relay < 3; relay++) {
                claims.add(relays.submit(claimUntilEmpty(outbox, together, afterFirstClaim)));
            }
            List<String> claimed = new ArrayList<>();
            int relaysThatClaimed = 0;
            for (Future<List<String>> claim : claims) {
                List<String> mine = claim.get();
                claimed.addAll(mine);
                relaysThatClaimed += mine.isEmpty() ? 0 : 1;
            }
            relays.shutdown();

            assertThat(relaysThatClaimed).as("the relays really competed").isEqualTo(3);
            assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
            assertThat(outbox.claim(100)).as("claimed events are leased").isEmpty();
        }
    }

    /**
     * A relay: claims 20 at a time until nothing is left. The three start together, and none claims a
     * second time before each claimed once, so each first claim finds events (at most 40 of the 60
     * are gone): all three compete, however the threads are scheduled.
     */
    private static Callable<List<String>> claimUntilEmpty(EventOutbox outbox, CyclicBarrier together, CyclicBarrier afterFirstClaim) {
        return () -> {
            together.await();
            List<String> mine = new ArrayList<>(claimOnce(outbox));
            afterFirstClaim.await();
            for (List<String> batch = claimOnce(outbox); !batch.isEmpty(); batch = claimOnce(outbox)) {
                mine.addAll(batch);
            }
            return mine;
        };
    }

    /** One claim of up to 20 events; a claim that lost a transaction conflict tries again. */
    private static List<String> claimOnce(EventOutbox outbox) {
        while (true) {
            try {
                return outbox.claim(20).stream().map(event -> (String) event.get("event_id")).toList();
            } catch (RetryableFailure transactionConflict) {
                // another relay's transaction touched the same events at the same moment
            }
        }
    }
}
