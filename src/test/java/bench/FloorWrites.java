package bench;

import domain.Order;
import domain.TransactionIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import store.Tables;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The benchmark's floor: the least an order saga must write in DynamoDB, in plain SDK calls, with no
 * Camel, no saga, no history and no event: the order, the debit, the reservation with its stock
 * decrements (one transaction: all items or none, never below zero), the final status. Four requests.
 */
final class FloorWrites {

    private final DynamoDbClient db;
    private final Tables tables;

    FloorWrites(DynamoDbClient db, Tables tables) {
        this.db = db;
        this.tables = tables;
    }

    void run(Order order) {
        String orderId = order.orderId();
        String now = Instant.now().toString();
        List<AttributeValue> lines = order.items().stream().map(line -> AttributeValue.fromM(Map.of(
                "item_id", fromS(line.itemId()), "qty", fromN(Integer.toString(line.qty())),
                "description", fromS(line.description()), "unit_price", fromN(line.unitPrice().toPlainString())))).toList();
        db.putItem(r -> r.tableName(tables.orders()).conditionExpression("attribute_not_exists(order_id)").item(Map.of(
                "order_id", fromS(orderId), "status", fromS("IN_PROGRESS"), "customer_id", fromS(order.customerId()),
                "total", fromN(order.total().toPlainString()), "items", AttributeValue.fromL(lines), "created_at", fromS(now))));
        db.putItem(r -> r.tableName(tables.payments()).conditionExpression("attribute_not_exists(transaction_id)").item(Map.of(
                "transaction_id", fromS(TransactionIds.debit(orderId)), "order_id", fromS(orderId), "payment_type", fromS("Debit"),
                "amount", fromN(order.total().toPlainString()), "transaction_date", fromS(now))));
        Map<String, AttributeValue> quantities = new HashMap<>();
        order.quantitiesByItem().forEach((itemId, qty) -> quantities.put(itemId, fromN(qty.toString())));
        List<TransactWriteItem> reservation = new ArrayList<>();
        reservation.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.reservations())
                .conditionExpression("attribute_not_exists(reservation_id)").item(Map.of(
                        "reservation_id", fromS(TransactionIds.reservation(orderId)), "order_id", fromS(orderId),
                        "state", fromS("RESERVED"), "items", AttributeValue.fromM(quantities))).build()).build());
        order.quantitiesByItem().forEach((itemId, qty) -> reservation.add(TransactWriteItem.builder().update(Update.builder()
                .tableName(tables.inventory()).key(Map.of("item_id", fromS(itemId)))
                .updateExpression("SET stock = stock - :qty").conditionExpression("stock >= :qty")
                .expressionAttributeValues(Map.of(":qty", fromN(qty.toString()))).build()).build()));
        db.transactWriteItems(r -> r.transactItems(reservation));
        db.updateItem(r -> r.tableName(tables.orders()).key(Map.of("order_id", fromS(orderId)))
                .updateExpression("SET #s = :completed").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":completed", fromS("COMPLETED"))));
    }
}
