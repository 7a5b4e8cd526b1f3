package store;

import domain.Completion;
import domain.SagaDecision;
import domain.Step;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Each saga's decision (closed or cancelled), in the saga's journal item ({@link HistoryRepository}).
 * Whichever of its callbacks comes first records it and it never changes: a completion records
 * CLOSED in the same transaction as its own writes and its history entry, a compensation CANCELLED
 * before it undoes anything ({@link OrderRepository#decide}).
 */
public class SagaDecisions {

    private final DynamoDbClient db;
    private final HistoryRepository history;
    private final Clock clock;
    private final Remembered<SagaDecision> known = new Remembered<>();

    public SagaDecisions(DynamoDbClient db, HistoryRepository history, Clock clock) {
        this.db = db;
        this.history = history;
        this.clock = clock;
    }

    /** The saga's decision, if this replica has recorded or read it. */
    public Optional<SagaDecision> known(String orderId, String lraId) {
        return known.of(orderId, lraId);
    }

    /** Records {@code wanted} unless a decision was recorded first; returns the one that stands. */
    SagaDecision record(String orderId, String lraId, SagaDecision wanted) {
        Map<String, AttributeValue> after = db.updateItem(r -> r.tableName(history.table()).key(HistoryRepository.journalKey(orderId, lraId))
                .updateExpression("SET decision = if_not_exists(decision, :wanted), decided_at = if_not_exists(decided_at, :now)")
                .expressionAttributeValues(Map.of(":wanted", fromS(wanted.name()), ":now", fromS(clock.instant().toString())))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        SagaDecision recorded = SagaDecision.valueOf(after.get("decision").s());
        known.put(orderId, lraId, recorded);
        return recorded;
    }

    /** The write of a first decision CANCELLED, for a transaction that does more; call {@link #remember} once it committed. */
    TransactWriteItem cancelledFirst(String orderId, String lraId) {
        HistoryRepository.JournalChange change = history.change(orderId, lraId);
        change.set("#d", "decision", ":cancelled", fromS(SagaDecision.CANCELLED.name()));
        change.set("#at", "decided_at", ":now", fromS(clock.instant().toString()));
        change.conditions.add("attribute_not_exists(#d)");
        return TransactWriteItem.builder().update(change.update()).build();
    }

    void remember(String orderId, String lraId, SagaDecision decision) {
        known.put(orderId, lraId, decision);
    }

    /** Adds to a journal change: the decision CLOSED, unless another was recorded (then the change fails). */
    static void closing(HistoryRepository.JournalChange change, Clock clock) {
        change.names.put("#d", "decision");
        change.values.put(":closed", fromS(SagaDecision.CLOSED.name()));
        change.values.put(":now", fromS(clock.instant().toString()));
        change.sets.add("#d = if_not_exists(#d, :closed)");
        change.sets.add("decided_at = if_not_exists(decided_at, :now)");
        change.conditions.add("(attribute_not_exists(#d) OR #d = :closed)");
    }

    /**
     * Commits a completion's {@code writes} with its journal: the success of {@code step} (and of
     * {@code alsoRecorded}, the saga's end) on the condition that {@code required} succeeded, and,
     * unless this replica knows it already, the saga's decision CLOSED, which fails if the saga was
     * cancelled first. An entry of {@code step} recorded before means an earlier call applied them.
     */
    Completion complete(String orderId, String lraId, List<TransactWriteItem> writes, Step step, List<Step> alsoRecorded,
                        List<Step> required) {
        Optional<SagaDecision> decided = known(orderId, lraId);
        if (decided.equals(Optional.of(SagaDecision.CANCELLED))) {
            return Completion.CANCELLED_FIRST;
        }
        List<Step> recorded = new ArrayList<>(List.of(step));
        recorded.addAll(alsoRecorded);
        List<TransactWriteItem> all = new ArrayList<>(writes);
        all.add(history.completionWrite(orderId, lraId, recorded, required, decided.isEmpty()));
        if (Transactions.write(db, all).isEmpty()) {
            remember(orderId, lraId, SagaDecision.CLOSED);
            return Completion.APPLIED;
        }
        // Refused: the journal says why
        Map<String, AttributeValue> journal = history.journal(orderId, lraId);
        if (HistoryRepository.recorded(journal, step)) {
            return Completion.RECORDED_BEFORE;
        }
        AttributeValue decision = journal.get("decision");
        if (decided.isEmpty() && decision != null && !SagaDecision.CLOSED.name().equals(decision.s())) {
            remember(orderId, lraId, SagaDecision.CANCELLED);
            return Completion.CANCELLED_FIRST;
        }
        return Completion.NOTHING_TO_COMPLETE; // the step's own conditions, or a required step not recorded
    }
}
