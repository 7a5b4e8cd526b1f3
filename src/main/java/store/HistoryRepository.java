package store;

import domain.OrderStatus;
import domain.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Each saga's history, like a Step Functions execution history: one journal item per saga in the
 * history table, under the order's id, with one attribute per step and outcome (when, and the
 * error of a failure) and the saga's decision ({@link SagaDecisions}). A repeated callback finds its
 * entry there and adds nothing; a step's entry is written in the same transaction as the step's own
 * writes; the entries of a duplicate saga that lost the race for an order id stay apart from the
 * winner's. (Histories written before the journal item, one item per entry, are still read.)
 */
public class HistoryRepository {

    /** The name of an entry's attribute in the journal item: its step and outcome. */
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z]+)#(SUCCEEDED|FAILED)");
    /** The journal item's attribute of a step's retries: this, then the step's name. */
    private static final String RETRIED = "retried#";
    /** What a journal item's sort key is: this and the saga's LRA id. */
    private static final String JOURNAL = "saga#";

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;
    private final Retention retention;

    public HistoryRepository(DynamoDbClient db, String table, Clock clock, Retention retention) {
        this.db = db;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /** Records the step's success; false when it was recorded before (a repeated callback). */
    public boolean succeeded(String orderId, Step step, String lraId) {
        return apply(record(orderId, lraId, step, Outcome.SUCCEEDED, null).update());
    }

    /** Records the step's failure; false when it was recorded before. */
    public boolean failed(String orderId, Step step, String error, String lraId) {
        return apply(record(orderId, lraId, step, Outcome.FAILED, reason(error)).update());
    }

    /**
     * Records an action's failure in place of its success: a scenario's failure comes after the
     * action's write, which recorded the success with it. False when the failure was recorded before.
     */
    public boolean actionFailed(String orderId, Step step, String error, String lraId) {
        JournalChange change = record(orderId, lraId, step, Outcome.FAILED, reason(error));
        change.names.put("#success", name(step, Outcome.SUCCEEDED));
        change.remove.add("#success");
        return apply(change.update());
    }

    public boolean hasFailed(String orderId, Step step, String lraId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(journalKey(orderId, lraId)).consistentRead(true)
                .projectionExpression("#e").expressionAttributeNames(Map.of("#e", name(step, Outcome.FAILED)))).item();
        return item != null && !item.isEmpty();
    }

    /** The history of the order's saga (the one that owns the order); of all its sagas when {@code lraId} is null. */
    public List<HistoryEntry> list(String orderId, String lraId) {
        return read(orderId, lraId).entries();
    }

    /** A saga's history entries in time order, and the retries its journal item records. */
    public record SagaHistory(List<HistoryEntry> entries, List<Retries> retries) {
    }

    /** The history of the order's saga with its steps' retries, from the one Query that reads the entries. */
    public SagaHistory read(String orderId, String lraId) {
        List<Map<String, AttributeValue>> items = db.queryPaginator(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("order_id = :id")
                        .expressionAttributeValues(Map.of(":id", fromS(orderId))))
                .items().stream().toList();
        List<HistoryEntry> entries = items.stream()
                .flatMap(item -> entriesOf(item).stream())
                .filter(entry -> lraId == null || lraId.equals(entry.lraId()))
                .sorted(Comparator.comparing(HistoryEntry::at))
                .toList();
        List<Retries> retries = items.stream()
                .filter(item -> lraId != null && (JOURNAL + lraId).equals(item.get("entry").s()))
                .flatMap(item -> retriesOf(item).stream())
                .toList();
        return new SagaHistory(entries, retries);
    }

    /** The entries an item of the history table holds: a saga's journal item, or an entry of the earlier layout. */
    public static List<HistoryEntry> entriesOf(Map<String, AttributeValue> item) {
        if (item.containsKey("step")) {
            return List.of(new HistoryEntry(Step.named(item.get("step").s()), Outcome.valueOf(item.get("outcome").s()),
                    item.get("at").s(), item.containsKey("error") ? item.get("error").s() : null, item.get("lra_id").s()));
        }
        String lraId = item.get("entry").s().substring(JOURNAL.length());
        List<HistoryEntry> entries = new ArrayList<>();
        item.forEach((name, value) -> {
            Matcher entry = ENTRY.matcher(name);
            if (entry.matches()) {
                Map<String, AttributeValue> details = value.m();
                entries.add(new HistoryEntry(Step.named(entry.group(1)), Outcome.valueOf(entry.group(2)), details.get("at").s(),
                        details.containsKey("error") ? details.get("error").s() : null, lraId));
            }
        });
        return entries;
    }

    /** Records on the saga's journal item how often {@code retries.step()} was retried in its last retried run (it replaces the one before). */
    void retried(String orderId, String lraId, Step step, int count, long waitedMs) {
        db.updateItem(r -> r.tableName(table).key(journalKey(orderId, lraId))
                .updateExpression("SET #r = :r")
                .expressionAttributeNames(Map.of("#r", RETRIED + step.displayName()))
                .expressionAttributeValues(Map.of(":r", AttributeValue.fromM(Map.of(
                        "count", AttributeValue.fromN(Integer.toString(count)),
                        "waited_ms", AttributeValue.fromN(Long.toString(waitedMs)),
                        "at", fromS(Timestamps.millis(clock.instant())))))));
    }

    /** The steps that were retried, as a saga's journal item records them. */
    private static List<Retries> retriesOf(Map<String, AttributeValue> journal) {
        List<Retries> retried = new ArrayList<>();
        journal.forEach((name, value) -> {
            if (name.startsWith(RETRIED)) {
                retried.add(new Retries(Step.named(name.substring(RETRIED.length())), Integer.parseInt(value.m().get("count").n()),
                        Long.parseLong(value.m().get("waited_ms").n()), value.m().get("at").s()));
            }
        });
        return retried;
    }

    /** The write that records a step's success in the same transaction as the step's own writes; it fails if recorded already. */
    TransactWriteItem succeededWrite(String orderId, Step step, String lraId) {
        return TransactWriteItem.builder().update(record(orderId, lraId, step, Outcome.SUCCEEDED, null).update()).build();
    }

    /** The write that records how the saga ended ({@code step}) as its order takes {@code status}; the journal expires with the order. */
    TransactWriteItem endedWrite(String orderId, Step step, String lraId, OrderStatus status) {
        JournalChange change = record(orderId, lraId, step, Outcome.SUCCEEDED, null);
        change.expiring(retention.expiryOf(status));
        return TransactWriteItem.builder().update(change.update()).build();
    }

    /** The write that makes the journal expire with its order, which a redrive resolved to {@code status}. */
    Optional<TransactWriteItem> expiryWrite(String orderId, String lraId, OrderStatus status) {
        Optional<AttributeValue> expiry = retention.expiryOf(status);
        if (expiry.isEmpty()) {
            return Optional.empty();
        }
        JournalChange change = change(orderId, lraId);
        change.expiring(expiry);
        change.conditions.add("attribute_exists(order_id)");
        return Optional.of(TransactWriteItem.builder().update(change.update()).build());
    }

    /** The same for a step's failure. */
    TransactWriteItem failedWrite(String orderId, Step step, String error, String lraId) {
        return TransactWriteItem.builder().update(record(orderId, lraId, step, Outcome.FAILED, reason(error)).update()).build();
    }

    /**
     * The write of a completion's journal: the successes of {@code steps} (the first is the completion's
     * own), on the condition that {@code required} succeeded before; with {@code closing}, also the
     * saga's decision CLOSED, unless another was recorded. It fails if the first step was recorded
     * before.
     */
    TransactWriteItem completionWrite(String orderId, String lraId, List<Step> steps, List<Step> required, boolean closing) {
        JournalChange change = change(orderId, lraId);
        for (int i = 0; i < steps.size(); i++) {
            change.set("#e" + i, name(steps.get(i), Outcome.SUCCEEDED), ":e" + i, entry(null));
        }
        change.conditions.add("attribute_not_exists(#e0)");
        for (int i = 0; i < required.size(); i++) {
            change.names.put("#r" + i, name(required.get(i), Outcome.SUCCEEDED));
            change.conditions.add("attribute_exists(#r" + i + ")");
        }
        if (closing) {
            SagaDecisions.closing(change, clock);
        }
        if (steps.contains(Step.SAGA_CLOSED)) { // recorded with CompleteOrder, which makes the order COMPLETED
            change.expiring(retention.expiryOf(OrderStatus.COMPLETED));
        }
        return TransactWriteItem.builder().update(change.update()).build();
    }

    /** The saga's journal item as it is now (empty if there is none). */
    Map<String, AttributeValue> journal(String orderId, String lraId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(journalKey(orderId, lraId)).consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    /** Whether the journal item records the step's success. */
    static boolean recorded(Map<String, AttributeValue> journal, Step step) {
        return journal.containsKey(name(step, Outcome.SUCCEEDED));
    }

    /** A failure is recorded with its error, even when the exception carried no message. */
    private static String reason(String error) {
        return error == null ? "unknown error" : error;
    }

    private JournalChange record(String orderId, String lraId, Step step, Outcome outcome, String error) {
        JournalChange change = change(orderId, lraId);
        change.set("#e", name(step, outcome), ":e", entry(error));
        change.conditions.add("attribute_not_exists(#e)");
        return change;
    }

    private AttributeValue entry(String error) {
        Map<String, AttributeValue> details = new HashMap<>(Map.of("at", fromS(Timestamps.millis(clock.instant()))));
        if (error != null) {
            details.put("error", fromS(error));
        }
        return AttributeValue.fromM(details);
    }

    private boolean apply(Update update) {
        try {
            db.updateItem(r -> r.tableName(update.tableName()).key(update.key()).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression()).expressionAttributeNames(update.expressionAttributeNames())
                    .expressionAttributeValues(update.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            return false; // a repeated callback: the first record stands
        }
    }

    private static String name(Step step, Outcome outcome) {
        return step.displayName() + "#" + outcome;
    }

    String table() {
        return table;
    }

    /** A new update of the saga's journal item (it creates the item if there is none). */
    JournalChange change(String orderId, String lraId) {
        return new JournalChange(orderId, lraId);
    }

    /** The key of a saga's journal item. */
    static Map<String, AttributeValue> journalKey(String orderId, String lraId) {
        return Map.of("order_id", fromS(orderId), "entry", fromS(JOURNAL + lraId));
    }

    /** An update of a saga's journal item, put together by the history and the decisions. */
    final class JournalChange {
        private final String orderId;
        private final String lraId;
        final List<String> sets = new ArrayList<>();
        final List<String> remove = new ArrayList<>();
        final List<String> conditions = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        JournalChange(String orderId, String lraId) {
            this.orderId = orderId;
            this.lraId = lraId;
        }

        /** Also stores the saga's expiry, if there is one. */
        void expiring(Optional<AttributeValue> expiry) {
            expiry.ifPresent(expires -> set("#x", Retention.ATTRIBUTE, ":x", expires));
        }

        void set(String name, String attribute, String value, AttributeValue content) {
            names.put(name, attribute);
            values.put(value, content);
            sets.add(name + " = " + value);
        }

        Update update() {
            return Update.builder().tableName(table).key(journalKey(orderId, lraId))
                    .updateExpression("SET " + String.join(", ", sets) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                    .conditionExpression(String.join(" AND ", conditions))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build();
        }
    }
}
