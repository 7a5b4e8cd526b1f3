package store;

import domain.OrderStatus;
import domain.TransactionIds;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Outcome events waiting to be published. An event is written in the same DynamoDB transaction as
 * the order's status change, under the id UUIDv5(order_id + status), so each outcome is recorded
 * exactly once however often a callback repeats. A relay claims events with a lease (so replicas do
 * not send the same one), publishes them, then deletes them.
 */
public class EventOutbox {

    private final DynamoDbClient db;
    private final String table;
    private final HistoryRepository history;
    private final Clock clock;
    private final Duration lease;

    public EventOutbox(DynamoDbClient db, String table, HistoryRepository history, Clock clock, Duration lease) {
        this.db = db;
        this.table = table;
        this.history = history;
        this.clock = clock;
        this.lease = lease;
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

    /** Claims up to {@code limit} unclaimed (or lease-expired) events and returns them as event JSON maps. */
    public List<Map<String, Object>> claim(int limit) {
        String now = clock.instant().toString();
        List<Map<String, Object>> claimed = new ArrayList<>();
        for (Map<String, AttributeValue> item : db.scan(r -> r.tableName(table).consistentRead(true)
                .filterExpression("attribute_not_exists(claimed_until) OR claimed_until < :now")
                .expressionAttributeValues(Map.of(":now", fromS(now)))).items()) {
            if (claimed.size() < limit && claimOne(item.get("event_id").s(), now)) {
                claimed.add(toEvent(item));
            }
        }
        return claimed;
    }

    public void published(String eventId) {
        db.deleteItem(r -> r.tableName(table).key(Map.of("event_id", fromS(eventId))));
    }

    private boolean claimOne(String eventId, String now) {
        try {
            db.updateItem(r -> r.tableName(table).key(Map.of("event_id", fromS(eventId)))
                    .updateExpression("SET claimed_until = :until")
                    .conditionExpression("attribute_exists(event_id) AND (attribute_not_exists(claimed_until) OR claimed_until < :now)")
                    .expressionAttributeValues(Map.of(":until", fromS(clock.instant().plus(lease).toString()), ":now", fromS(now))));
            return true;
        } catch (ConditionalCheckFailedException takenOrGone) {
            return false;
        }
    }

    private Map<String, Object> toEvent(Map<String, AttributeValue> item) {
        String orderId = item.get("order_id").s();
        String status = item.get("status").s();
        // A completed saga has no failed step to report, so most events need no history read.
        Optional<HistoryEntry> failure = OrderStatus.COMPLETED.name().equals(status) ? Optional.empty()
                : history.list(orderId, item.get("lra_id").s()).stream()
                        .filter(entry -> HistoryRepository.FAILED.equals(entry.outcome()))
                        .reduce((first, later) -> later); // the last failure: the compensation, if one failed
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", item.get("event_id").s());
        event.put("order_id", orderId);
        event.put("status", status);
        event.put("failed_step", failure.map(HistoryEntry::step).orElse(null));
        event.put("error", failure.map(HistoryEntry::error).orElse(null));
        event.put("at", item.get("at").s());
        return event;
    }
}
