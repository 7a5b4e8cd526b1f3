package store;

import domain.OrderStatus;
import domain.RetryableFailure;
import domain.TransactionIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Outcome events waiting to be published. An event is written in the same DynamoDB transaction as
 * the order's status change, under the id UUIDv5(order_id + status, or the occurrence that tells
 * a second outcome of the same status apart), so each outcome is recorded exactly once however
 * often a callback repeats. A relay claims events with a lease (so replicas do
 * not send the same one), publishes them in batches, then deletes them.
 */
public class EventOutbox {

    /** How long a relay holds the events it claimed; a relay that dies leaves them to another after this. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private static final int DELETE_BATCH = 25;
    private static final int CANDIDATES_PER_CLAIM = 4;
    private static final int DELETE_ATTEMPTS = 3;

    private final DynamoDbClient db;
    private final String table;
    private final HistoryRepository history;
    private final Clock clock;

    public EventOutbox(DynamoDbClient db, String table, HistoryRepository history, Clock clock) {
        this.db = db;
        this.table = table;
        this.history = history;
        this.clock = clock;
    }

    /** The write that records the outcome; it fails if this outcome was recorded already. */
    TransactWriteItem outcome(String orderId, OrderStatus status, String lraId) {
        return outcome(orderId, status, lraId, status.name());
    }

    /** The same, for an outcome an order can reach a second time: {@code occurrence} tells the two apart. */
    TransactWriteItem outcome(String orderId, OrderStatus status, String lraId, String occurrence) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("event_id", fromS(TransactionIds.event(orderId, occurrence)));
        item.put("order_id", fromS(orderId));
        item.put("status", fromS(status.name()));
        item.put("lra_id", fromS(lraId));
        item.put("at", fromS(clock.instant().toString()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(event_id)").build()).build();
    }

    /** When the oldest event still waiting to be published was written (the outbox holds only those), if any. */
    public Optional<Instant> oldestUnpublished() {
        return db.scanPaginator(r -> r.tableName(table).consistentRead(true).projectionExpression("#at")
                        .expressionAttributeNames(Map.of("#at", "at")))
                .items().stream().map(item -> Instant.parse(item.get("at").s())).min(Comparator.naturalOrder());
    }

    /**
     * Claims up to {@code limit} (at most 100: one DynamoDB transaction) unclaimed or lease-expired
     * events and returns them as event JSON maps; empty only when none is left to claim. One
     * transaction claims them all; an event another relay claimed or published meanwhile fails its
     * condition and is left out. Each relay draws its candidates at random from a wider set, so that
     * relays of several replicas claim different events instead of all but one losing every conflict.
     */
    public List<Map<String, Object>> claim(int limit) {
        while (true) {
            String now = clock.instant().toString();
            List<Map<String, AttributeValue>> found = new ArrayList<>(db.scan(r -> r.tableName(table).consistentRead(true)
                            .filterExpression("attribute_not_exists(claimed_until) OR claimed_until < :now")
                            .expressionAttributeValues(Map.of(":now", fromS(now))))
                    .items().stream().limit(limit * CANDIDATES_PER_CLAIM).toList());
            if (found.isEmpty()) {
                return List.of();
            }
            Collections.shuffle(found);
            List<Map<String, AttributeValue>> candidates = new ArrayList<>(found.subList(0, Math.min(limit, found.size())));
            while (!candidates.isEmpty()) {
                List<Integer> taken = Transactions.write(db, candidates.stream().map(item -> claimWrite(item, now)).toList());
                if (taken.isEmpty()) {
                    return candidates.stream().map(this::toEvent).toList();
                }
                taken.stream().sorted(Comparator.reverseOrder()).forEach(position -> candidates.remove((int) position));
            }
            // every candidate went to other relays: look again
        }
    }

    /** Deletes events that were published (in batches of 25, DynamoDB's limit). */
    public void published(List<Map<String, Object>> events) {
        for (int from = 0; from < events.size(); from += DELETE_BATCH) {
            List<WriteRequest> deletes = events.subList(from, Math.min(from + DELETE_BATCH, events.size())).stream()
                    .map(event -> WriteRequest.builder().deleteRequest(d -> d.key(key((String) event.get("event_id")))).build())
                    .toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, deletes);
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > DELETE_ATTEMPTS) {
                    // published but still in the outbox: sent once more after the lease, same event_id
                    throw new RetryableFailure("DynamoDB left " + pending.get(table).size() + " outbox deletes unprocessed");
                }
                if (attempt > 1) {
                    pause(attempt); // DynamoDB leaves items unprocessed when throttled: back off before asking again
                }
                Map<String, List<WriteRequest>> request = pending;
                pending = db.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }

    /** Exponential backoff with full jitter: up to 200 ms before the second attempt, 400 ms before the third. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableFailure("interrupted while deleting published events");
        }
    }

    private TransactWriteItem claimWrite(Map<String, AttributeValue> item, String now) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(item.get("event_id").s()))
                .updateExpression("SET claimed_until = :until")
                .conditionExpression("attribute_exists(event_id) AND (attribute_not_exists(claimed_until) OR claimed_until < :now)")
                .expressionAttributeValues(Map.of(":until", fromS(clock.instant().plus(LEASE).toString()), ":now", fromS(now)))
                .build()).build();
    }

    private static Map<String, AttributeValue> key(String eventId) {
        return Map.of("event_id", fromS(eventId));
    }

    private Map<String, Object> toEvent(Map<String, AttributeValue> item) {
        String orderId = item.get("order_id").s();
        String status = item.get("status").s();
        // A completed saga has no failed step to report, so most events need no history read.
        Optional<HistoryEntry> failure = OrderStatus.COMPLETED.name().equals(status) ? Optional.empty()
                : history.list(orderId, item.get("lra_id").s()).stream()
                        .filter(HistoryEntry::failed)
                        .reduce((first, later) -> later); // the last failure: the compensation, if one failed
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", item.get("event_id").s());
        event.put("order_id", orderId);
        event.put("status", status);
        event.put("failed_step", failure.map(entry -> entry.step().displayName()).orElse(null));
        event.put("error", failure.map(HistoryEntry::error).orElse(null));
        event.put("at", item.get("at").s());
        return event;
    }
}
