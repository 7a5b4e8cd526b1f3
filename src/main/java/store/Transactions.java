package store;

import domain.RetryableFailure;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** All-or-nothing writes with conditions (DynamoDB TransactWriteItems). */
final class Transactions {

    private Transactions() {
    }

    /**
     * Commits the writes, or returns the positions whose condition failed (empty means committed).
     * A conflict with a concurrent transaction is a {@link RetryableFailure}.
     */
    static List<Integer> write(DynamoDbClient db, List<TransactWriteItem> writes) {
        try {
            db.transactWriteItems(request -> request.transactItems(writes));
            return List.of();
        } catch (TransactionCanceledException e) {
            List<Integer> failed = new ArrayList<>();
            List<CancellationReason> reasons = e.cancellationReasons();
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if ("ConditionalCheckFailed".equals(code)) {
                    failed.add(i);
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
