package store;

import domain.OrderStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * Erases one customer's personal data on request: the customer id, order date and items of each of
 * their finished (COMPLETED or CANCELLED) orders. What the books need stays: the order id, status,
 * total and times, the saga's journal, and the payments ledger, which holds amounts by order id and
 * nothing about the customer, so every order's ledger still sums to what its status says. An order
 * whose saga runs, or which is parked, is left as it is and reported: erase it once it has ended.
 * <p>No index holds the customer id (that would cost a write on every order), so this reads the whole
 * orders table once (a Scan), which suits a request made a few times a month (docs/operations.md).
 */
public class CustomerErasure {

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public CustomerErasure(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    /** What was erased, and what was kept and why. */
    public Map<String, Object> erase(String customerId) {
        List<String> erased = new ArrayList<>();
        List<Map<String, String>> kept = new ArrayList<>();
        db.scanPaginator(r -> r.tableName(table).consistentRead(true)
                        .filterExpression("customer_id = :customer")
                        .projectionExpression("order_id, #s")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":customer", fromS(customerId))))
                .items().forEach(order -> {
                    String orderId = order.get("order_id").s();
                    OrderStatus status = OrderStatus.valueOf(order.get("status").s());
                    if (status == OrderStatus.COMPLETED || status == OrderStatus.CANCELLED) {
                        if (eraseOrder(orderId, customerId, status)) {
                            erased.add(orderId);
                        }
                    } else {
                        kept.add(Map.of("order_id", orderId, "status", status.name(),
                                "reason", "its saga has not ended (or it is parked): erase it once it is COMPLETED or CANCELLED"));
                    }
                });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("erased", erased);
        answer.put("kept", kept);
        return answer;
    }

    /** False when the order changed meanwhile (erased by a request of its own, or its status moved on). */
    private boolean eraseOrder(String orderId, String customerId, OrderStatus status) {
        try {
            db.updateItem(r -> r.tableName(table).key(Map.of("order_id", fromS(orderId)))
                    .updateExpression("SET erased_at = :now REMOVE customer_id, order_date, #items, fingerprint")
                    .conditionExpression("customer_id = :customer AND #s = :status")
                    .expressionAttributeNames(Map.of("#s", "status", "#items", "items"))
                    .expressionAttributeValues(Map.<String, AttributeValue>of(":customer", fromS(customerId), ":status", fromS(status.name()),
                            ":now", fromS(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }
}
