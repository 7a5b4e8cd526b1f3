package app;

import domain.RetryableFailure;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB Local (2.6.1) answers a TransactWriteItems before its commit reaches the disk: it queues
 * the commit on its one SQLite thread and does not wait for it. Killed -9 in those milliseconds, it
 * loses a transaction it acknowledged (the chaos test lost a reservation that way). So, against a
 * stand-in, each transaction is followed by a read that DynamoDB Local serves on the same thread,
 * after the commit, through a client that never retries: if that read fails, the stand-in went down
 * and the transaction may be lost, and the step is retried (every step is idempotent). Not needed,
 * and not installed, against AWS.
 */
final class LocalCommitFence implements ExecutionInterceptor {

    private final DynamoDbClient once;
    private final String table;
    private final Map<String, AttributeValue> key;

    /** @param once a client of the same stand-in that makes one attempt per call; {@code table} with the key {@code keyAttribute} */
    LocalCommitFence(DynamoDbClient once, String table, String keyAttribute) {
        this.once = once;
        this.table = table;
        this.key = Map.of(keyAttribute, AttributeValue.fromS("#commit-fence"));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof TransactWriteItemsRequest) {
            try {
                once.getItem(r -> r.tableName(table).key(key).consistentRead(true));
            } catch (SdkException e) {
                throw new RetryableFailure("DynamoDB went down before it confirmed a transaction it accepted: " + e.getMessage());
            }
        }
    }
}
