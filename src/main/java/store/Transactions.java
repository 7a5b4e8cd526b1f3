package store;

import domain.RetryableFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** All-or-nothing writes with conditions (DynamoDB TransactWriteItems). */
final class Transactions {

    private Transactions() {
    }

    /** How a step's writes, committed with the history entry that records the step, ended. */
    enum Once {
        /** Committed now. */
        APPLIED,
        /** The entry was there already: an earlier attempt recorded the step. */
        RECORDED_BEFORE,
        /** The step's own conditions failed. */
        REFUSED
    }

    /** Commits a step's writes together with the history entry that records it, once. */
    static Once writeOnce(DynamoDbClient db, List<TransactWriteItem> writes, TransactWriteItem entry) {
        List<TransactWriteItem> all = new ArrayList<>(writes);
        all.add(entry);
        List<Integer> failed = write(db, all);
        if (failed.isEmpty()) {
            return Once.APPLIED;
        }
        return failed.contains(writes.size()) ? Once.RECORDED_BEFORE : Once.REFUSED;
    }

    /**
     * Commits the writes, or returns the positions whose condition failed (empty means committed).
     * A conflict with a concurrent transaction is a {@link RetryableFailure}.
     */
    static List<Integer> write(DynamoDbClient db, List<TransactWriteItem> writes) {
        return new ArrayList<>(attempt(db, writes).keySet());
    }

    /**
     * Commits the writes, or returns the positions whose condition failed, each with the item as it
     * was if that write asked for it (else an empty map). Empty means committed.
     */
    static Map<Integer, Map<String, AttributeValue>> attempt(DynamoDbClient db, List<TransactWriteItem> writes) {
        try {
            db.transactWriteItems(request -> request.transactItems(writes));
            return Map.of();
        } catch (TransactionCanceledException e) {
            Map<Integer, Map<String, AttributeValue>> failed = new TreeMap<>();
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code)) {
                    failed.put(i, reasons.get(i).hasItem() ? reasons.get(i).item() : Map.of());
                } else if (code != null && !"None".equals(code)) {
                    throw new RetryableFailure("DynamoDB transaction cancelled: " + code);
                }
            }
            if (failed.isEmpty()) {
                throw new RetryableFailure("DynamoDB transaction cancelled: " + e.getMessage());
            }
            return failed;
        }
    }
}
