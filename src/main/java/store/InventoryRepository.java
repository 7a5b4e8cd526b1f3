package store;

import domain.BusinessFailure;
import domain.Completion;
import domain.MessageKeys;
import domain.Order;
import domain.RetryableFailure;
import domain.Step;
import domain.TransactionIds;
import domain.Undo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.Header;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The inventory service: stock levels per item, and one reservation record per order. Stock moves
 * only in the same transaction as the reservation's state, so it is taken and given back once.
 */
public class InventoryRepository {

    private static final String RESERVED = "RESERVED";
    private static final String RELEASED = "RELEASED";
    private static final String CONFIRMED = "CONFIRMED";

    private final DynamoDbClient db;
    private final String stockTable;
    private final String reservationTable;
    private final HistoryRepository history;
    private final SagaDecisions decisions;
    private final Clock clock;

    public InventoryRepository(DynamoDbClient db, String stockTable, String reservationTable, HistoryRepository history,
                               SagaDecisions decisions, Clock clock) {
        this.db = db;
        this.stockTable = stockTable;
        this.reservationTable = reservationTable;
        this.history = history;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** ReserveInventory, with its history entry: take every item's quantity for this saga, all or none, never below zero. */
    public void reserve(@Body Order order, @Header(MessageKeys.LRA_ID) String lraId) {
        String orderId = order.orderId();
        Map<String, Integer> quantities = order.quantitiesByItem();
        Map<String, AttributeValue> reservation = reservation(orderId, RESERVED, quantities);
        reservation.put("lra_id", fromS(lraId));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(reservationTable)
                .item(reservation)
                .conditionExpression("attribute_not_exists(reservation_id)").build()).build());
        quantities.forEach((itemId, qty) -> writes.add(stockChange(itemId, -qty)));
        writes.add(history.succeededWrite(orderId, Step.RESERVE_INVENTORY, lraId));
        if (Transactions.write(db, writes).isEmpty()) {
            return;
        }
        // Refused: the tables say why (an earlier attempt reserved, a release came first, an item is short)
        Optional<Reservation> existing = findReservation(orderId);
        if (existing.isPresent()) {
            if (RELEASED.equals(existing.get().state())) {
                throw new BusinessFailure("inventory for order " + orderId + " was released before it was reserved: the late reservation is refused");
            }
            return; // reserved by an earlier attempt of this step
        }
        for (Map.Entry<String, Integer> wanted : quantities.entrySet()) {
            Optional<Integer> stock = stock(wanted.getKey());
            if (stock.isEmpty() || stock.get() < wanted.getValue()) {
                throw new BusinessFailure(stock.isEmpty() ? "unknown item " + wanted.getKey()
                        : "not enough stock of item " + wanted.getKey() + ": " + stock.get() + " left, " + wanted.getValue() + " wanted");
            }
        }
        throw new RetryableFailure("the reservation for order " + orderId + " was refused, but no reservation or short item explains it now");
    }

    /** ReleaseInventory: give the reserved stock back exactly once; mark an order that reserved nothing. */
    public Undo release(@Header(MessageKeys.ORDER_ID) String orderId) {
        while (true) {
            Optional<Reservation> found = findReservation(orderId);
            if (found.isEmpty()) {
                if (putReleasedMarker(orderId)) {
                    return Undo.NOTHING_TO_UNDO;
                }
                continue;
            }
            Reservation reservation = found.get();
            if (RELEASED.equals(reservation.state())) {
                return Undo.ALREADY_UNDONE;
            }
            if (CONFIRMED.equals(reservation.state())) {
                return Undo.REFUSED_COMPLETED;
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().update(stateChange(orderId, RESERVED, RELEASED, Optional.empty())).build());
            reservation.quantities().forEach((itemId, qty) -> writes.add(stockChange(itemId, qty)));
            if (Transactions.write(db, writes).isEmpty()) {
                return Undo.UNDONE;
            }
        }
    }

    /** ConfirmInventory, recorded in the history with the saga's decision: this saga closed; the stock it reserved is sold. */
    public Completion confirm(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId) {
        Update confirm = stateChange(orderId, RESERVED, CONFIRMED, Optional.of(lraId));
        return decisions.complete(orderId, lraId, List.of(TransactWriteItem.builder().update(confirm).build()),
                Step.CONFIRM_INVENTORY, List.of(), List.of());
    }

    public Optional<Integer> stock(String itemId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(stockTable)
                .key(Map.of("item_id", fromS(itemId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(item.get("stock").n()));
    }

    public Optional<Reservation> findReservation(String orderId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(reservationTable)
                .key(reservationKey(orderId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> quantities = new TreeMap<>();
        item.get("items").m().forEach((itemId, qty) -> quantities.put(itemId, Integer.parseInt(qty.n())));
        return Optional.of(new Reservation(item.get("reservation_id").s(), orderId, item.get("state").s(), quantities));
    }

    /** Anti-hanging: a RELEASED reservation with no items makes a late ReserveInventory fail. */
    private boolean putReleasedMarker(String orderId) {
        Map<String, AttributeValue> marker = reservation(orderId, RELEASED, Map.of());
        marker.put("note", fromS("released before anything was reserved"));
        try {
            db.putItem(r -> r.tableName(reservationTable).item(marker).conditionExpression("attribute_not_exists(reservation_id)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Map<String, AttributeValue> reservation(String orderId, String state, Map<String, Integer> quantities) {
        Map<String, AttributeValue> items = new HashMap<>();
        quantities.forEach((itemId, qty) -> items.put(itemId, fromN(qty.toString())));
        Map<String, AttributeValue> item = new HashMap<>(reservationKey(orderId));
        item.put("order_id", fromS(orderId));
        item.put("state", fromS(state));
        item.put("items", AttributeValue.fromM(items));
        item.put("updated_at", fromS(clock.instant().toString()));
        return item;
    }

    private TransactWriteItem stockChange(String itemId, int delta) {
        Update.Builder update = Update.builder().tableName(stockTable).key(Map.of("item_id", fromS(itemId)))
                .updateExpression("SET stock = stock + :delta");
        if (delta < 0) {
            update.conditionExpression("attribute_exists(item_id) AND stock >= :wanted")
                    .expressionAttributeValues(Map.of(":delta", fromN(Integer.toString(delta)), ":wanted", fromN(Integer.toString(-delta))));
        } else {
            update.conditionExpression("attribute_exists(item_id)")
                    .expressionAttributeValues(Map.of(":delta", fromN(Integer.toString(delta))));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    /** Moves the reservation from one state to another; only the given saga's, if one is given. */
    private Update stateChange(String orderId, String from, String to, Optional<String> lraId) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":from", fromS(from), ":to", fromS(to), ":now", fromS(clock.instant().toString())));
        lraId.ifPresent(lra -> values.put(":lra", fromS(lra)));
        return Update.builder().tableName(reservationTable).key(reservationKey(orderId))
                .updateExpression("SET #st = :to, updated_at = :now")
                .conditionExpression(lraId.isPresent() ? "#st = :from AND lra_id = :lra" : "#st = :from")
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(values)
                .build();
    }

    private static Map<String, AttributeValue> reservationKey(String orderId) {
        return Map.of("reservation_id", fromS(TransactionIds.reservation(orderId)));
    }
}
