package store;

import domain.Step;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Each order's saga history, like a Step Functions execution history. One entry per saga, step and
 * outcome: a repeated callback finds its entry there and adds nothing, and the entries of a
 * duplicate saga that lost the race for an order id stay apart from the winner's.
 */
public class HistoryRepository {

    private static final String NEW_ENTRY = "attribute_not_exists(entry)";

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public HistoryRepository(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    /** Records the step's success; false when it was recorded before (a repeated callback). */
    public boolean succeeded(String orderId, Step step, String lraId) {
        return record(orderId, step, Outcome.SUCCEEDED, null, lraId);
    }

    /** Records the step's failure; false when it was recorded before. */
    public boolean failed(String orderId, Step step, String error, String lraId) {
        return record(orderId, step, Outcome.FAILED, reason(error), lraId);
    }

    /**
     * Records an action's failure in place of its success: a scenario's failure comes after the
     * action's write, which recorded the success with it. False when the failure was recorded before.
     */
    public boolean actionFailed(String orderId, Step step, String error, String lraId) {
        TransactWriteItem noSuccess = TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(key(orderId, step, Outcome.SUCCEEDED, lraId)).build()).build();
        return Transactions.write(db, List.of(noSuccess, failedWrite(orderId, step, error, lraId))).isEmpty();
    }

    public boolean hasFailed(String orderId, Step step, String lraId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(key(orderId, step, Outcome.FAILED, lraId))
                .consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    /** The history of the order's saga (the one that owns the order). */
    public List<HistoryEntry> list(String orderId, String lraId) {
        return db.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("order_id = :id")
                        .expressionAttributeValues(Map.of(":id", fromS(orderId))))
                .items().stream()
                .filter(item -> item.containsKey("step")) // not the saga's decision (SagaDecisions)
                .map(item -> new HistoryEntry(Step.named(item.get("step").s()), Outcome.valueOf(item.get("outcome").s()), item.get("at").s(),
                        item.containsKey("error") ? item.get("error").s() : null,
                        item.containsKey("lra_id") ? item.get("lra_id").s() : null))
                .filter(entry -> lraId == null || lraId.equals(entry.lraId()))
                .sorted(Comparator.comparing(HistoryEntry::at))
                .toList();
    }

    private static Map<String, AttributeValue> key(String orderId, Step step, Outcome outcome, String lraId) {
        return Map.of("order_id", fromS(orderId), "entry", fromS(step.displayName() + "#" + outcome + "#" + lraId));
    }

    /** A check, in a transaction, that the step's success is recorded. */
    TransactWriteItem succeededCheck(String orderId, Step step, String lraId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(key(orderId, step, Outcome.SUCCEEDED, lraId)).conditionExpression("attribute_exists(entry)").build()).build();
    }

    /** The write that records a step's success in the same transaction as the step's own writes; it fails if recorded already. */
    TransactWriteItem succeededWrite(String orderId, Step step, String lraId) {
        return entryWrite(item(orderId, step, Outcome.SUCCEEDED, null, lraId));
    }

    /** The same for a step's failure. */
    TransactWriteItem failedWrite(String orderId, Step step, String error, String lraId) {
        return entryWrite(item(orderId, step, Outcome.FAILED, reason(error), lraId));
    }

    /** A failure is recorded with its error, even when the exception carried no message. */
    private static String reason(String error) {
        return error == null ? "unknown error" : error;
    }

    private TransactWriteItem entryWrite(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression(NEW_ENTRY).build()).build();
    }

    private boolean record(String orderId, Step step, Outcome outcome, String error, String lraId) {
        Map<String, AttributeValue> item = item(orderId, step, outcome, error, lraId);
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression(NEW_ENTRY));
            return true;
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            return false; // a repeated callback: the first record stands
        }
    }

    private Map<String, AttributeValue> item(String orderId, Step step, Outcome outcome, String error, String lraId) {
        Map<String, AttributeValue> item = new HashMap<>(key(orderId, step, outcome, lraId));
        item.put("step", fromS(step.displayName()));
        item.put("outcome", fromS(outcome.name()));
        item.put("at", fromS(clock.instant().toString()));
        if (error != null) {
            item.put("error", fromS(error));
        }
        item.put("lra_id", fromS(lraId));
        return item;
    }
}
