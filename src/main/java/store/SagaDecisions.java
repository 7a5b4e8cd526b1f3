package store;

import domain.Completion;
import domain.SagaDecision;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Each saga's decision (closed or cancelled), one item per saga in the history table, the saga's
 * journal. Whichever of its callbacks comes first records it and it never changes: a completion
 * records CLOSED in the same transaction as its own writes, a compensation CANCELLED before it
 * undoes anything ({@link OrderRepository#decide}).
 */
public class SagaDecisions {

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;
    private final Remembered<SagaDecision> known = new Remembered<>();

    public SagaDecisions(DynamoDbClient db, String historyTable, Clock clock) {
        this.db = db;
        this.table = historyTable;
        this.clock = clock;
    }

    /** The saga's decision, if this replica has recorded or read it. */
    public Optional<SagaDecision> known(String orderId, String lraId) {
        return known.of(orderId, lraId);
    }

    /** Records {@code wanted} unless a decision was recorded first; returns the one that stands. */
    SagaDecision record(String orderId, String lraId, SagaDecision wanted) {
        Map<String, AttributeValue> after = db.updateItem(r -> r.tableName(table).key(key(orderId, lraId))
                .updateExpression("SET decision = if_not_exists(decision, :wanted), lra_id = :lra, decided_at = if_not_exists(decided_at, :now)")
                .expressionAttributeValues(Map.of(":wanted", fromS(wanted.name()), ":lra", fromS(lraId), ":now", fromS(clock.instant().toString())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        SagaDecision recorded = SagaDecision.valueOf(after.get("decision").s());
        known.put(orderId, lraId, recorded);
        return recorded;
    }

    /** The write of a first decision CANCELLED, for a transaction that does more; call {@link #remember} once it committed. */
    TransactWriteItem cancelledFirst(String orderId, String lraId) {
        Map<String, AttributeValue> item = new HashMap<>(key(orderId, lraId));
        item.put("decision", fromS(SagaDecision.CANCELLED.name()));
        item.put("lra_id", fromS(lraId));
        item.put("decided_at", fromS(clock.instant().toString()));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(decision)").build()).build();
    }

    void remember(String orderId, String lraId, SagaDecision decision) {
        known.put(orderId, lraId, decision);
    }

    /**
     * Commits a completion's {@code writes} with its history {@code entry} and, unless this replica
     * knows it already, the saga's decision CLOSED, which fails if the saga was cancelled first. The
     * entry is written after the writes: an entry that exists means an earlier call applied them.
     */
    Completion complete(String orderId, String lraId, List<TransactWriteItem> writes, TransactWriteItem entry) {
        Optional<SagaDecision> decided = known(orderId, lraId);
        if (decided.equals(Optional.of(SagaDecision.CANCELLED))) {
            return Completion.CANCELLED_FIRST;
        }
        List<TransactWriteItem> all = new ArrayList<>(writes);
        all.add(entry);
        if (decided.isEmpty()) {
            all.add(closed(orderId, lraId));
        }
        List<Integer> failed = Transactions.write(db, all);
        if (failed.isEmpty()) {
            remember(orderId, lraId, SagaDecision.CLOSED);
            return Completion.APPLIED;
        }
        if (decided.isEmpty() && failed.contains(writes.size() + 1)) {
            remember(orderId, lraId, SagaDecision.CANCELLED);
            return Completion.CANCELLED_FIRST;
        }
        return failed.contains(writes.size()) ? Completion.RECORDED_BEFORE : Completion.NOTHING_TO_COMPLETE;
    }

    private TransactWriteItem closed(String orderId, String lraId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(orderId, lraId))
                .updateExpression("SET decision = if_not_exists(decision, :closed), lra_id = :lra, decided_at = if_not_exists(decided_at, :now)")
                .conditionExpression("attribute_not_exists(decision) OR decision = :closed")
                .expressionAttributeValues(Map.of(":closed", fromS(SagaDecision.CLOSED.name()), ":lra", fromS(lraId),
                        ":now", fromS(clock.instant().toString())))
                .build()).build();
    }

    /** The decision's item sits beside the saga's history entries, under a key no entry has. */
    private static Map<String, AttributeValue> key(String orderId, String lraId) {
        return Map.of("order_id", fromS(orderId), "entry", fromS("decision#" + lraId));
    }
}
