package store;

import domain.BusinessFailure;
import domain.ConflictingOrderException;
import domain.Order;
import domain.OrderItem;
import domain.OrderStatus;
import domain.SagaDecision;
import domain.Step;
import domain.Undo;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The order service's table. An order belongs to the saga (LRA) that first wrote it; a duplicate
 * saga of the same order id is refused and its compensation leaves the order alone.
 */
public class OrderRepository {

    /** Global secondary index of the orders table: status, newest first by created_at. */
    public static final String STATUS_INDEX = "status-created_at";

    private final DynamoDbClient db;
    private final String table;
    private final EventOutbox outbox;
    private final HistoryRepository history;
    private final Clock clock;
    private final KnownDecisions decisions = new KnownDecisions();

    public OrderRepository(DynamoDbClient db, String table, EventOutbox outbox, HistoryRepository history, Clock clock) {
        this.db = db;
        this.table = table;
        this.outbox = outbox;
        this.history = history;
        this.clock = clock;
    }

    public Optional<OrderRecord> find(String orderId) {
        return item(orderId).map(OrderRepository::toRecord);
    }

    private Optional<Map<String, AttributeValue>> item(String orderId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(key(orderId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    public boolean exists(String orderId) {
        return find(orderId).isPresent();
    }

    /**
     * Whether this order is new. A repeat with the same content is not; one with different content
     * is refused. (An order known only as a cancelled marker has no content to compare.)
     */
    public boolean isNew(Order order) {
        Optional<Map<String, AttributeValue>> known = item(order.orderId());
        if (known.isEmpty()) {
            return true;
        }
        AttributeValue fingerprint = known.get().get("fingerprint");
        if (fingerprint != null && !fingerprint.s().equals(order.fingerprint())) {
            throw new ConflictingOrderException(order.orderId());
        }
        return false;
    }

    /** The newest orders first, of one status or of all. */
    public List<OrderRecord> newest(Optional<OrderStatus> status, int limit) {
        List<OrderStatus> statuses = status.map(List::of).orElse(List.of(OrderStatus.values()));
        return statuses.stream()
                .flatMap(one -> db.query(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(one.name())))
                        .scanIndexForward(false).limit(limit)).items().stream())
                .map(OrderRepository::toRecord)
                .sorted(Comparator.comparing(OrderRecord::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    /** Orders still IN_PROGRESS that were stored more than {@code seconds} ago, oldest first (at most 100). */
    public List<OrderRecord> inProgressOlderThan(long seconds) {
        return db.query(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status AND created_at < :cutoff")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(OrderStatus.IN_PROGRESS.name()),
                                ":cutoff", fromS(clock.instant().minusSeconds(seconds).toString())))
                        .limit(100))
                .items().stream().map(OrderRepository::toRecord).toList();
    }

    /** ProcessOrder: store the order IN_PROGRESS. Repeating it within the same saga changes nothing. */
    public void create(Order order, String lraId) {
        String now = now();
        Map<String, AttributeValue> item = new HashMap<>(key(order.orderId()));
        item.put("status", fromS(OrderStatus.IN_PROGRESS.name()));
        item.put("customer_id", fromS(order.customerId()));
        item.put("order_date", fromS(order.orderDate()));
        item.put("total", AttributeValue.fromN(order.total().toPlainString()));
        item.put("items", AttributeValue.fromL(order.items().stream().map(OrderRepository::toItem).toList()));
        item.put("fingerprint", fromS(order.fingerprint()));
        item.put("lra_id", fromS(lraId));
        item.put("created_at", fromS(now));
        item.put("updated_at", fromS(now));
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(order_id)"));
        } catch (ConditionalCheckFailedException e) {
            OrderRecord existing = find(order.orderId()).orElseThrow(() -> e);
            if (!existing.lraId().equals(lraId)) {
                throw new BusinessFailure("order " + order.orderId() + " already exists (status "
                        + existing.status() + "): a duplicate saga is refused");
            }
            if (existing.status() != OrderStatus.IN_PROGRESS) {
                throw new BusinessFailure("order " + order.orderId() + " is already " + existing.status()
                        + ": the late ProcessOrder is refused");
            }
        }
    }

    /** UpdateOrderStatus: cancel this saga's order, or leave a CANCELLED marker if it was never stored. */
    public Undo cancel(String orderId, String lraId) {
        while (true) {
            if (Transactions.write(db, finish(orderId, lraId, OrderStatus.CANCELLED)).isEmpty()) {
                return Undo.UNDONE;
            }
            Optional<OrderRecord> existing = find(orderId);
            if (existing.isEmpty()) {
                if (putCancelledMarker(orderId, lraId)) {
                    return Undo.NOTHING_TO_UNDO;
                }
                continue; // the order appeared meanwhile: look again
            }
            OrderRecord order = existing.get();
            if (!order.lraId().equals(lraId)) {
                return Undo.NOT_THIS_SAGA;
            }
            if (order.status() == OrderStatus.COMPLETED) {
                return Undo.REFUSED_COMPLETED;
            }
            if (order.status() == OrderStatus.IN_PROGRESS) {
                continue;
            }
            return Undo.ALREADY_UNDONE;
        }
    }

    /** How this saga ended, if this replica has read it back from the table already (it never changes). */
    public Optional<SagaDecision> knownDecision(String orderId, String lraId) {
        return decisions.of(orderId, lraId);
    }

    /**
     * Records how this saga ended, unless a callback recorded it first, and returns what stands.
     * Without this order of this saga nothing is recorded and {@code wanted} stands.
     */
    public SagaDecision decide(String orderId, String lraId, SagaDecision wanted) {
        Optional<SagaDecision> known = decisions.of(orderId, lraId);
        if (known.isPresent()) {
            return known.get();
        }
        try {
            Map<String, AttributeValue> after = db.updateItem(r -> r.tableName(table).key(key(orderId))
                    .updateExpression("SET decision = if_not_exists(decision, :wanted)")
                    .conditionExpression("lra_id = :lra")
                    .expressionAttributeValues(Map.of(":wanted", fromS(wanted.name()), ":lra", fromS(lraId)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            SagaDecision recorded = SagaDecision.valueOf(after.get("decision").s());
            decisions.recorded(orderId, lraId, recorded);
            return recorded;
        } catch (ConditionalCheckFailedException notThisSagasOrder) { // nothing recorded: not remembered
            return wanted;
        }
    }

    /**
     * CompleteOrder, recorded in the history: the saga closed. Returns false when the order is not
     * this saga's IN_PROGRESS order (nor completed by it already).
     */
    public boolean complete(String orderId, String lraId) {
        return Transactions.writeOnce(db, finish(orderId, lraId, OrderStatus.COMPLETED),
                history.succeededWrite(orderId, Step.COMPLETE_ORDER, lraId)).done();
    }

    /** The writes that move this saga's IN_PROGRESS order to a final status, with its outcome event; their condition fails otherwise. */
    private List<TransactWriteItem> finish(String orderId, String lraId, OrderStatus status) {
        Update update = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :to, updated_at = :now")
                .conditionExpression("#s = :inProgress AND lra_id = :lra")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":to", fromS(status.name()),
                        ":inProgress", fromS(OrderStatus.IN_PROGRESS.name()),
                        ":lra", fromS(lraId), ":now", fromS(now())))
                .build();
        return List.of(TransactWriteItem.builder().update(update).build(), outbox.outcome(orderId, status, lraId));
    }

    /**
     * A compensation of this saga gave up: park the order as COMPENSATION_FAILED with the step and
     * error, and record the step's failure in the history, in one transaction. (The failure entry
     * makes a later call of the same compensation skip it: it must never exist without the park.)
     * A completed order, another saga's order or one parked already only gets the history entry.
     * True when this call recorded the failure (a repeated call finds it recorded).
     */
    public boolean markCompensationFailed(String orderId, String lraId, Step step, String error) {
        String now = now();
        Update park = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :failed, failed_step = :step, #e = :error, updated_at = :now,"
                        + " lra_id = if_not_exists(lra_id, :lra), created_at = if_not_exists(created_at, :now)")
                .conditionExpression("attribute_not_exists(order_id) OR (lra_id = :lra AND #s <> :completed AND #s <> :failed)")
                .expressionAttributeNames(Map.of("#s", "status", "#e", "error"))
                .expressionAttributeValues(Map.of(":failed", fromS(OrderStatus.COMPENSATION_FAILED.name()),
                        ":completed", fromS(OrderStatus.COMPLETED.name()), ":step", fromS(step.displayName()),
                        ":error", fromS(error), ":lra", fromS(lraId), ":now", fromS(now)))
                .build();
        // One event per step that gives up: after a redrive another step can still give up and park the order again.
        List<TransactWriteItem> writes = List.of(TransactWriteItem.builder().update(park).build(),
                outbox.outcome(orderId, OrderStatus.COMPENSATION_FAILED, lraId, OrderStatus.COMPENSATION_FAILED + " " + step.displayName()));
        return switch (Transactions.writeOnce(db, writes, history.failedWrite(orderId, step, error, lraId))) {
            case APPLIED -> true;
            case RECORDED_BEFORE -> false;
            case REFUSED -> history.failed(orderId, step, error, lraId); // the order completed, is another saga's, or is parked already
        };
    }

    /**
     * A redrive undid what the parked compensations of {@code steps} had left: the COMPENSATION_FAILED
     * order is CANCELLED, with its own outcome event (an earlier CANCELLED event may exist, and so may
     * an earlier redrive's, of other steps: a step that was redriven never gives up again). False
     * when the order is not this saga's parked order.
     */
    public boolean redriven(String orderId, String lraId, List<Step> steps) {
        Update cancel = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :cancelled, updated_at = :now, redriven_at = :now REMOVE failed_step, #e")
                .conditionExpression("#s = :failed AND lra_id = :lra")
                .expressionAttributeNames(Map.of("#s", "status", "#e", "error"))
                .expressionAttributeValues(Map.of(":cancelled", fromS(OrderStatus.CANCELLED.name()),
                        ":failed", fromS(OrderStatus.COMPENSATION_FAILED.name()), ":lra", fromS(lraId), ":now", fromS(now())))
                .build();
        return Transactions.write(db, List.of(TransactWriteItem.builder().update(cancel).build(),
                outbox.outcome(orderId, OrderStatus.CANCELLED, lraId, "CANCELLED after redrive of "
                        + steps.stream().map(Step::displayName).sorted().toList()))).isEmpty();
    }

    /** Anti-hanging: a CANCELLED order with no content makes a late ProcessOrder fail. */
    private boolean putCancelledMarker(String orderId, String lraId) {
        Map<String, AttributeValue> item = new HashMap<>(key(orderId));
        item.put("status", fromS(OrderStatus.CANCELLED.name()));
        item.put("lra_id", fromS(lraId));
        item.put("created_at", fromS(now()));
        item.put("updated_at", fromS(now()));
        item.put("note", fromS("compensated before ProcessOrder ran"));
        Put marker = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(order_id)").build();
        return Transactions.write(db, List.of(TransactWriteItem.builder().put(marker).build(),
                outbox.outcome(orderId, OrderStatus.CANCELLED, lraId))).isEmpty();
    }

    private String now() {
        return clock.instant().toString();
    }

    private static Map<String, AttributeValue> key(String orderId) {
        return Map.of("order_id", fromS(orderId));
    }

    private static AttributeValue toItem(OrderItem item) {
        return AttributeValue.fromM(Map.of(
                "item_id", fromS(item.itemId()),
                "qty", AttributeValue.fromN(Integer.toString(item.qty())),
                "description", fromS(item.description()),
                "unit_price", AttributeValue.fromN(item.unitPrice().toPlainString())));
    }

    private static OrderRecord toRecord(Map<String, AttributeValue> item) {
        List<Map<String, Object>> items = item.containsKey("items")
                ? item.get("items").l().stream().map(line -> Map.<String, Object>of(
                        "item_id", line.m().get("item_id").s(),
                        "qty", Integer.parseInt(line.m().get("qty").n()),
                        "description", line.m().get("description").s(),
                        "unit_price", new BigDecimal(line.m().get("unit_price").n()))).toList()
                : List.of();
        return new OrderRecord(
                item.get("order_id").s(),
                OrderStatus.valueOf(item.get("status").s()),
                text(item, "customer_id"),
                text(item, "order_date"),
                item.containsKey("total") ? new BigDecimal(item.get("total").n()) : null,
                items,
                text(item, "lra_id"),
                text(item, "failed_step"),
                text(item, "error"),
                text(item, "created_at"),
                text(item, "updated_at"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
