package bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The write units of a request by AWS's documented rules, which DynamoDB Local does not follow (it
 * counts a transaction's items twice over, and neither condition checks nor index writes): 1 unit
 * per KB of the item, twice that in a transaction, a condition check in a transaction as a write of
 * its item (the conservative reading); a write to the orders table also writes its status index (1
 * unit for a new entry or a change of a projected attribute, 2 when the status, the index's key,
 * changes). An updated, checked or deleted item's size is not in the request: it is taken as 1 KB
 * or less, which {@link #largestItems} checks after a run.
 */
final class AwsWriteUnits {

    private static final String ORDERS = "orders";
    private static final List<String> PROJECTED = List.of("updated_at", "lra_id", "total");

    private AwsWriteUnits() {
    }

    static double of(SdkRequest request) {
        if (request instanceof PutItemRequest put) {
            return units(put.item()) + indexed(put.tableName(), put.item());
        }
        if (request instanceof UpdateItemRequest update) {
            return 1 + index(update.tableName(), update.updateExpression(), update.expressionAttributeNames());
        }
        if (request instanceof DeleteItemRequest) {
            return 1;
        }
        if (request instanceof BatchWriteItemRequest batch) {
            return batch.requestItems().values().stream().flatMap(List::stream)
                    .mapToDouble(write -> write.putRequest() != null ? units(write.putRequest().item()) : 1).sum();
        }
        if (request instanceof TransactWriteItemsRequest transaction) {
            return transaction.transactItems().stream().mapToDouble(AwsWriteUnits::transactional).sum();
        }
        return 0;
    }

    private static double transactional(TransactWriteItem item) {
        if (item.put() != null) {
            return 2 * units(item.put().item()) + indexed(item.put().tableName(), item.put().item());
        }
        if (item.update() != null) {
            return 2 + index(item.update().tableName(), item.update().updateExpression(), item.update().expressionAttributeNames());
        }
        return 2; // a delete or a condition check
    }

    /** The status index's write for a new item of the orders table: none for one without a status (a taken id), which the index leaves out. */
    private static int indexed(String table, Map<String, AttributeValue> item) {
        return ORDERS.equals(table) && item.containsKey("status") ? 1 : 0;
    }

    /** The status index's writes for an update of the orders table. */
    private static int index(String table, String expression, Map<String, String> names) {
        if (!ORDERS.equals(table)) {
            return 0;
        }
        String set = expression.split("REMOVE")[0];
        for (Map.Entry<String, String> name : names.entrySet()) {
            set = set.replace(name.getKey(), name.getValue());
        }
        if (set.matches("(?s).*\\bstatus\\s*=.*")) {
            return 2;
        }
        String written = set;
        return PROJECTED.stream().anyMatch(attribute -> written.matches("(?s).*\\b" + attribute + "\\s*=.*")) ? 1 : 0;
    }

    private static int units(Map<String, AttributeValue> item) {
        return Math.max(1, (size(item) + 1023) / 1024);
    }

    /** An item's size by AWS's rules: each attribute's name and value. */
    static int size(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToInt(attribute -> utf8(attribute.getKey()) + size(attribute.getValue())).sum();
    }

    private static int size(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            String digits = value.n().replaceAll("[^0-9]", "").replaceAll("^0+", "").replaceAll("0+$", "");
            return (Math.max(1, digits.length()) + 1) / 2 + 1;
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToInt(entry -> utf8(entry.getKey()) + size(entry.getValue()) + 1).sum();
        }
        if (value.hasL()) {
            return 3 + value.l().stream().mapToInt(element -> size(element) + 1).sum();
        }
        return 1; // BOOL, NULL (the app writes no binary or sets)
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The largest item of each table by AWS's size rules, e.g. "orders 498 B, payments 231 B". */
    static String largestItems(DynamoDbClient db) {
        return db.listTables().tableNames().stream().sorted().map(table -> table + " " + db.scanPaginator(r -> r.tableName(table))
                        .items().stream().map(AwsWriteUnits::size).max(Integer::compare).map(bytes -> bytes + " B").orElse("empty"))
                .collect(Collectors.joining(", "));
    }
}
