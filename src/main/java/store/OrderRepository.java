package store;

import domain.BusinessFailure;
import domain.Completion;
import domain.ConflictingOrderException;
import domain.MessageKeys;
import domain.Order;
import domain.OrderItem;
import domain.OrderStatus;
import domain.RetryableFailure;
import domain.SagaDecision;
import domain.Step;
import domain.Undo;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
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
    /**
     * The attributes, beside the keys, the status index holds: what its readers use (the lists,
     * the stranded-saga sweep, the gauges). Not the items or the decision, so writing those does
     * not write the index too.
     */
    public static final List<String> STATUS_INDEX_ATTRIBUTES = List.of("total", "lra_id", "updated_at");
    /** DynamoDB's limit of keys in one BatchGetItem. */
    private static final int BATCH_READ = 100;
    /** The key prefix of the records of taken order ids (an order id has no '#': OrderReader). */
    private static final String TAKEN = "taken#";

    private final DynamoDbClient db;
    private final String table;
    private final EventOutbox outbox;
    private final HistoryRepository history;
    private final SagaDecisions decisions;
    private final String replica;
    private final Clock clock;
    private final Retention retention;
    /** The final statuses this replica wrote or read: a saga's end that finds one has nothing left to do. */
    private final Remembered<OrderStatus> ended = new Remembered<>();

    /** @param replica the name of this replica (app.replica-id), stored with each order it starts */
    public OrderRepository(DynamoDbClient db, String table, EventOutbox outbox, HistoryRepository history, SagaDecisions decisions,
                           Clock clock, Retention retention, String replica) {
        this.replica = replica;
        this.retention = retention;
        this.db = db;
        this.table = table;
        this.outbox = outbox;
        this.history = history;
        this.decisions = decisions;
        this.clock = clock;
    }

    public Optional<OrderRecord> find(String orderId) {
        return item(orderId).map(OrderRepository::toRecord);
    }

    private Optional<Map<String, AttributeValue>> item(String orderId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(key(orderId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** The order's item and the record that its id was taken, by order_id (either may be missing): one request. */
    private Map<String, Map<String, AttributeValue>> itemAndTaken(String orderId) {
        return read(List.of(key(orderId), key(TAKEN + orderId)));
    }

    /** The items of these keys (at most 100) that exist, by order_id, read consistently in one request (more if DynamoDB leaves some). */
    private Map<String, Map<String, AttributeValue>> read(List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> wanted = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!wanted.isEmpty()) {
            Map<String, KeysAndAttributes> asked = wanted;
            BatchGetItemResponse answer = db.batchGetItem(r -> r.requestItems(asked));
            answer.responses().getOrDefault(table, List.of()).forEach(item -> found.put(item.get("order_id").s(), item));
            wanted = answer.unprocessedKeys(); // DynamoDB may leave some for another request
        }
        return found;
    }

    /**
     * The record that {@code orderId} is taken, written with the order and never expiring: once
     * retention has deleted an order, its id still cannot start another (the ledger and the
     * reservations, which are kept, are keyed by it). Not an order: no status, so no status index entry.
     */
    private TransactWriteItem takenWrite(String orderId, String lraId, boolean onlyIfFree) {
        Put.Builder taken = Put.builder().tableName(table)
                .item(Map.of("order_id", fromS(TAKEN + orderId), "lra_id", fromS(lraId), "taken_at", fromS(now())));
        if (onlyIfFree) {
            taken.conditionExpression("attribute_not_exists(order_id) OR lra_id = :lra").expressionAttributeValues(Map.of(":lra", fromS(lraId)));
        }
        return TransactWriteItem.builder().put(taken.build()).build();
    }

    public boolean exists(String orderId) {
        return find(orderId).isPresent();
    }

    /**
     * Whether this order is new. A repeat with the same content is not; one with different content
     * is refused. (An order known only as a cancelled marker has no content to compare.)
     */
    public boolean isNew(Order order) {
        Map<String, Map<String, AttributeValue>> found = itemAndTaken(order.orderId());
        Map<String, AttributeValue> known = found.get(order.orderId());
        if (known == null) {
            if (found.containsKey(TAKEN + order.orderId())) {
                throw ConflictingOrderException.usedBefore(order.orderId());
            }
            return true;
        }
        AttributeValue fingerprint = known.get("fingerprint");
        if (fingerprint != null && !fingerprint.s().equals(order.fingerprint())) {
            throw new ConflictingOrderException(order.orderId());
        }
        return false;
    }

    /** The newest orders first, of one status or of all; with {@code before}, those stored before that created_at (the next page). */
    public List<OrderRecord> newest(Optional<OrderStatus> status, Optional<String> before, int limit) {
        List<OrderStatus> statuses = status.map(List::of).orElse(List.of(OrderStatus.values()));
        return statuses.stream()
                .flatMap(one -> db.query(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status" + (before.isPresent() ? " AND created_at < :before" : ""))
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(before.isPresent()
                                ? Map.of(":status", fromS(one.name()), ":before", fromS(before.get()))
                                : Map.of(":status", fromS(one.name())))
                        .scanIndexForward(false).limit(limit)).items().stream())
                .map(OrderRepository::toRecord)
                .sorted(Comparator.comparing(OrderRecord::createdAt).reversed())
                .limit(limit)
                .toList();
    }

    /** When the oldest order of {@code status} was stored (one item read from the status index), if there is one. */
    public Optional<Instant> oldestCreated(OrderStatus status) {
        return db.query(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(status.name())))
                        .scanIndexForward(true).limit(1)).items().stream()
                .map(item -> Instant.parse(item.get("created_at").s())).findFirst();
    }

    /** How many orders have {@code status}: counted in the status index, which reads only that status's items. */
    public long count(OrderStatus status) {
        return db.queryPaginator(r -> r.tableName(table).indexName(STATUS_INDEX).select(Select.COUNT)
                        .keyConditionExpression("#s = :status")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(status.name()))))
                .stream().mapToLong(page -> page.count()).sum();
    }

    /**
     * How many orders of {@code status} were stored from {@code from}'s second through {@code to}'s:
     * counted in the status index, which reads only that status's index items of the range (about
     * 150 bytes each).
     */
    public long count(OrderStatus status, Instant from, Instant to) {
        return db.queryPaginator(r -> r.tableName(table).indexName(STATUS_INDEX).select(Select.COUNT)
                        .keyConditionExpression("#s = :status AND created_at BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(status.name()),
                                ":from", fromS(Timestamps.fromSecond(from)), ":to", fromS(Timestamps.throughSecond(to)))))
                .stream().mapToLong(page -> page.count()).sum();
    }

    /**
     * The parked (COMPENSATION_FAILED) orders stored from {@code from} to {@code to} (both included),
     * and before the stored time {@code before} if given (the next page), newest first, at most
     * {@code limit}; only those whose compensation gave up at {@code failedStep} when one is given.
     * The status index does not hold the failed step, so each is read in full (100 to a request); at
     * most {@code examined} are, so a step that few of many parked orders failed at costs a bounded
     * amount: the answer says whether every parked order of the range was looked at.
     */
    public OrdersFound parked(Optional<String> failedStep, Instant from, Instant to, Optional<String> before, int limit, int examined) {
        List<String> candidates = new ArrayList<>();
        boolean cut = false;
        for (Map<String, AttributeValue> indexed : db.queryPaginator(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status AND created_at BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(OrderStatus.COMPENSATION_FAILED.name()),
                                ":from", fromS(Timestamps.fromSecond(from)), ":to", fromS(Timestamps.throughSecond(to))))
                        .scanIndexForward(false)).items()) {
            String createdAt = indexed.get("created_at").s();
            Instant created = Instant.parse(createdAt);
            // the range was whole seconds: to the instant here
            if (created.isBefore(from) || created.isAfter(to) || (before.isPresent() && createdAt.compareTo(before.get()) >= 0)) {
                continue;
            }
            if (candidates.size() == examined) {
                cut = true;
                break;
            }
            candidates.add(indexed.get("order_id").s());
        }
        List<OrderRecord> found = new ArrayList<>();
        for (int start = 0; start < candidates.size() && found.size() < limit; start += BATCH_READ) {
            List<String> ids = candidates.subList(start, Math.min(start + BATCH_READ, candidates.size()));
            Map<String, Map<String, AttributeValue>> items = read(ids.stream().map(OrderRepository::key).toList());
            ids.stream().map(items::get).filter(Objects::nonNull).map(OrderRepository::toRecord)
                    .filter(order -> order.status() == OrderStatus.COMPENSATION_FAILED)
                    .filter(order -> failedStep.map(step -> step.equals(order.failedStep())).orElse(true))
                    .limit(limit - found.size())
                    .forEach(found::add);
        }
        return new OrdersFound(found, !cut);
    }

    /** Orders still IN_PROGRESS or COMPENSATING that were stored more than {@code seconds} ago, oldest first (at most 100 of each). */
    public List<OrderRecord> openOlderThan(long seconds) {
        String cutoff = clock.instant().minusSeconds(seconds).toString();
        return List.of(OrderStatus.IN_PROGRESS, OrderStatus.COMPENSATING).stream()
                .flatMap(status -> db.query(r -> r.tableName(table).indexName(STATUS_INDEX)
                        .keyConditionExpression("#s = :status AND created_at < :cutoff")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":status", fromS(status.name()), ":cutoff", fromS(cutoff)))
                        .limit(100)).items().stream())
                .map(OrderRepository::toRecord).toList();
    }

    /** ProcessOrder: store the order IN_PROGRESS, with its history entry. Repeating it within the same saga changes nothing. */
    public void create(@Body Order order, @Header(MessageKeys.LRA_ID) String lraId) {
        String now = now();
        Map<String, AttributeValue> item = new HashMap<>(key(order.orderId()));
        item.put("status", fromS(OrderStatus.IN_PROGRESS.name()));
        item.put("customer_id", fromS(order.customerId()));
        item.put("order_date", fromS(order.orderDate()));
        item.put("total", AttributeValue.fromN(order.total().toPlainString()));
        item.put("items", AttributeValue.fromL(order.items().stream().map(OrderRepository::toItem).toList()));
        item.put("fingerprint", fromS(order.fingerprint()));
        item.put("lra_id", fromS(lraId));
        item.put("replica", fromS(replica));
        item.put("created_at", fromS(now));
        item.put("updated_at", fromS(now));
        if (!Transactions.write(db, List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(order_id)").build()).build(),
                takenWrite(order.orderId(), lraId, true),
                history.succeededWrite(order.orderId(), Step.PROCESS_ORDER, lraId))).isEmpty()) {
            Map<String, Map<String, AttributeValue>> found = itemAndTaken(order.orderId());
            if (!found.containsKey(order.orderId()) && found.containsKey(TAKEN + order.orderId())
                    && !lraId.equals(found.get(TAKEN + order.orderId()).get("lra_id").s())) {
                throw new BusinessFailure(ConflictingOrderException.usedBefore(order.orderId()).getMessage());
            }
            OrderRecord existing = find(order.orderId()).orElseThrow(() ->
                    new RetryableFailure("order " + order.orderId() + " was refused, but is not there now"));
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

    /**
     * UpdateOrderStatus: this saga's order is cancelled (COMPENSATING until every compensation has
     * ended, see {@link #end}), or a COMPENSATING marker is left if it was never stored.
     */
    public Undo cancel(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId) {
        while (true) {
            try {
                Map<String, AttributeValue> before = db.updateItem(r -> r.tableName(table).key(key(orderId))
                        .updateExpression("SET #s = :compensating, cancelled_at = if_not_exists(cancelled_at, :now), updated_at = :now")
                        .conditionExpression("lra_id = :lra AND (#s = :inProgress OR #s = :compensating)")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":compensating", fromS(OrderStatus.COMPENSATING.name()),
                                ":inProgress", fromS(OrderStatus.IN_PROGRESS.name()), ":lra", fromS(lraId), ":now", fromS(now())))
                        .returnValues(ReturnValue.UPDATED_OLD)).attributes();
                return before.containsKey("cancelled_at") ? Undo.ALREADY_UNDONE : Undo.UNDONE;
            } catch (ConditionalCheckFailedException notAnOpenOrderOfThisSaga) {
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
                return Undo.ALREADY_UNDONE; // ended already: CANCELLED, or parked
            }
        }
    }

    /**
     * A replica's stranded-saga sweep takes this saga's order on for {@code lease}: true for the one
     * replica whose sweep may act on it now (the others find it taken until the lease ends).
     */
    public boolean takeOnStranded(String orderId, String lraId, Duration lease) {
        Instant now = clock.instant();
        try {
            db.updateItem(r -> r.tableName(table).key(key(orderId))
                    .updateExpression("SET swept_until = :until")
                    .conditionExpression("lra_id = :lra AND (attribute_not_exists(swept_until) OR swept_until < :now)")
                    .expressionAttributeValues(Map.of(":until", fromS(now.plus(lease).toString()), ":now", fromS(now.toString()),
                            ":lra", fromS(lraId))));
            return true;
        } catch (ConditionalCheckFailedException takenOrNotThisSaga) {
            return false;
        }
    }

    /**
     * Records how this saga ended, unless a callback recorded it first, and returns what stands (see
     * {@link SagaDecisions}). The first CANCELLED also makes this saga's running order COMPENSATING, in
     * the same transaction.
     */
    public SagaDecision decide(String orderId, String lraId, SagaDecision wanted) {
        Optional<SagaDecision> known = decisions.known(orderId, lraId);
        if (known.isPresent()) {
            return known.get();
        }
        if (wanted == SagaDecision.CANCELLED && Transactions.write(db, List.of(decisions.cancelledFirst(orderId, lraId),
                TransactWriteItem.builder().update(compensating(orderId, lraId)).build())).isEmpty()) {
            decisions.remember(orderId, lraId, SagaDecision.CANCELLED);
            return SagaDecision.CANCELLED;
        }
        return decisions.record(orderId, lraId, wanted); // decided before, or no running order of this saga
    }

    private Update compensating(String orderId, String lraId) {
        return Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :compensating, updated_at = :now")
                .conditionExpression("lra_id = :lra AND #s = :inProgress")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":compensating", fromS(OrderStatus.COMPENSATING.name()),
                        ":inProgress", fromS(OrderStatus.IN_PROGRESS.name()), ":lra", fromS(lraId), ":now", fromS(now())))
                .build();
    }

    /**
     * CompleteOrder, recorded in the history with the saga's decision CLOSED. The coordinator closes a
     * saga's participants in the reverse order of their joining, so it comes last: when the other
     * completions are recorded, the order takes its final status COMPLETED, with its outcome event and
     * the saga's end (see {@link #end}), in the same transaction. Otherwise it only checks that the order
     * is this saga's running one, and the saga's end gives it its final status.
     */
    public Completion complete(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId) {
        List<Step> others = Step.ofServicesLastFirst(Step.Kind.COMPLETION).stream().filter(step -> step != Step.COMPLETE_ORDER).toList();
        Completion completion = decisions.complete(orderId, lraId, finalWrites(orderId, lraId, OrderStatus.COMPLETED,
                        OrderStatus.COMPLETED.name(), "#s = :inProgress AND attribute_not_exists(failed_step)",
                        Map.of(":inProgress", fromS(OrderStatus.IN_PROGRESS.name()))),
                Step.COMPLETE_ORDER, List.of(Step.SAGA_CLOSED), others);
        if (completion == Completion.APPLIED) {
            ended.put(orderId, lraId, OrderStatus.COMPLETED);
        }
        if (completion != Completion.NOTHING_TO_COMPLETE) {
            return completion;
        }
        ConditionCheck running = ConditionCheck.builder().tableName(table).key(key(orderId))
                .conditionExpression("#s = :inProgress AND lra_id = :lra")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":inProgress", fromS(OrderStatus.IN_PROGRESS.name()), ":lra", fromS(lraId)))
                .build();
        return decisions.complete(orderId, lraId, List.of(TransactWriteItem.builder().conditionCheck(running).build()),
                Step.COMPLETE_ORDER, List.of(), List.of());
    }

    /**
     * Whether this saga's order has its final status, which never changes: a saga's end (repeated, or
     * after CompleteOrder finished the order) then has nothing left to do. Read once per saga at most.
     */
    public boolean hasEnded(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId) {
        if (ended.of(orderId, lraId).isPresent()) {
            return true;
        }
        Optional<OrderRecord> order = find(orderId).filter(found -> lraId.equals(found.lraId()) && found.status().isFinal());
        order.ifPresent(found -> ended.put(orderId, lraId, found.status()));
        return order.isPresent();
    }

    /**
     * The saga has ended: every participant's compensation or completion has run. This saga's order
     * takes its final status (COMPLETED; CANCELLED, or COMPENSATION_FAILED when a compensation gave
     * up), with its one outcome event and the history entry {@code ending} saying how it ended, in one
     * transaction. Returns the order's final status; empty when it is not this saga's order.
     */
    public Optional<OrderStatus> end(String orderId, String lraId, SagaDecision decision, Step ending) {
        Optional<OrderStatus> status = finalStatus(orderId, lraId, decision, ending);
        status.ifPresent(known -> ended.put(orderId, lraId, known));
        return status;
    }

    private Optional<OrderStatus> finalStatus(String orderId, String lraId, SagaDecision decision, Step ending) {
        // Most sagas end as decided with no step parked: that write needs no read first.
        OrderStatus likely = decision == SagaDecision.CLOSED ? OrderStatus.COMPLETED : OrderStatus.CANCELLED;
        if (Transactions.write(db, endWrites(orderId, lraId, likely, likely.name(), ending,
                "(#s = :inProgress OR #s = :compensating) AND attribute_not_exists(failed_step)",
                Map.of(":inProgress", fromS(OrderStatus.IN_PROGRESS.name()), ":compensating", fromS(OrderStatus.COMPENSATING.name()))))
                .isEmpty()) {
            return Optional.of(likely);
        }
        while (true) {
            Optional<OrderRecord> found = find(orderId);
            if (found.isEmpty() || !lraId.equals(found.get().lraId())) {
                return Optional.empty();
            }
            OrderRecord order = found.get();
            if (order.status().isFinal()) {
                return Optional.of(order.status());
            }
            OrderStatus status = decision == SagaDecision.CLOSED ? OrderStatus.COMPLETED
                    : order.failedStep() == null ? OrderStatus.CANCELLED : OrderStatus.COMPENSATION_FAILED;
            String occurrence = status == OrderStatus.COMPENSATION_FAILED ? status + " " + order.failedStep() : status.name();
            // as read: its status, and its parked step if any
            String unchanged = "#s = :current AND " + (order.failedStep() == null ? "attribute_not_exists(failed_step)" : "failed_step = :parked");
            Map<String, AttributeValue> asRead = new HashMap<>(Map.of(":current", fromS(order.status().name())));
            if (order.failedStep() != null) {
                asRead.put(":parked", fromS(order.failedStep()));
            }
            if (Transactions.write(db, endWrites(orderId, lraId, status, occurrence, ending, unchanged, asRead)).isEmpty()) {
                return Optional.of(status);
            }
            // changed meanwhile (a compensation parked, another replica ended it): look again
        }
    }

    /**
     * The order's final status if {@code condition} (with its {@code values}) holds, its outcome event
     * and the history entry {@code ending}: one transaction.
     */
    private List<TransactWriteItem> endWrites(String orderId, String lraId, OrderStatus status, String occurrence, Step ending,
                                              String condition, Map<String, AttributeValue> values) {
        List<TransactWriteItem> writes = new ArrayList<>(finalWrites(orderId, lraId, status, occurrence, condition, values));
        writes.add(history.endedWrite(orderId, ending, lraId, status));
        return writes;
    }

    /** The order's final status if {@code condition} (with its {@code values}) holds, and its outcome event. */
    private List<TransactWriteItem> finalWrites(String orderId, String lraId, OrderStatus status, String occurrence,
                                                String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.putAll(Map.of(":final", fromS(status.name()), ":lra", fromS(lraId), ":now", fromS(now())));
        Update update = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :final, updated_at = :now" + Retention.set(retention.expiryOf(status), allValues))
                .conditionExpression("lra_id = :lra AND " + condition)
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(allValues)
                .build();
        return List.of(TransactWriteItem.builder().update(update).build(), outbox.outcome(orderId, status, lraId, occurrence));
    }

    /**
     * A compensation of this saga gave up: the order records the step and error (so it ends
     * COMPENSATION_FAILED), and the step's failure goes into the history, in one transaction. (The
     * failure entry makes a later call of the same compensation skip it: it must never exist without
     * this.) A parked order that a redrive could not help keeps its status; a completed or cancelled
     * order, or another saga's, only gets the history entry. True when this call recorded the failure.
     */
    public boolean markCompensationFailed(String orderId, String lraId, Step step, String error) {
        String now = now();
        boolean parkedBefore = find(orderId).map(order -> order.status() == OrderStatus.COMPENSATION_FAILED).orElse(false);
        OrderStatus status = parkedBefore ? OrderStatus.COMPENSATION_FAILED : OrderStatus.COMPENSATING;
        Update park = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :status, failed_step = :step, #e = :error, updated_at = :now,"
                        + " lra_id = if_not_exists(lra_id, :lra), created_at = if_not_exists(created_at, :now)")
                .conditionExpression(parkedBefore ? "lra_id = :lra AND #s = :status"
                        : "attribute_not_exists(order_id) OR (lra_id = :lra AND (#s = :inProgress OR #s = :status))")
                .expressionAttributeNames(Map.of("#s", "status", "#e", "error"))
                .expressionAttributeValues(parkValues(parkedBefore, status, step, error, lraId, now))
                .build();
        if (Transactions.write(db, List.of(TransactWriteItem.builder().update(park).build(),
                history.failedWrite(orderId, step, error, lraId))).isEmpty()) {
            return true;
        }
        // recorded before (false), or the order completed, is another saga's, or was cancelled: the entry alone
        return history.failed(orderId, step, error, lraId);
    }

    private static Map<String, AttributeValue> parkValues(boolean parkedBefore, OrderStatus status, Step step, String error,
                                                         String lraId, String now) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", fromS(status.name()), ":step", fromS(step.displayName()),
                ":error", fromS(error), ":lra", fromS(lraId), ":now", fromS(now)));
        if (!parkedBefore) {
            values.put(":inProgress", fromS(OrderStatus.IN_PROGRESS.name()));
        }
        return values;
    }

    /**
     * A redrive undid what the parked compensations of {@code steps} had left: the COMPENSATION_FAILED
     * order is CANCELLED, with its own outcome event (an earlier CANCELLED event may exist, and so may
     * an earlier redrive's, of other steps: a step that was redriven never gives up again). False
     * when the order is not this saga's parked order.
     */
    public boolean redriven(String orderId, String lraId, List<Step> steps) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":cancelled", fromS(OrderStatus.CANCELLED.name()),
                ":failed", fromS(OrderStatus.COMPENSATION_FAILED.name()), ":lra", fromS(lraId), ":now", fromS(now())));
        Update cancel = Update.builder().tableName(table).key(key(orderId))
                .updateExpression("SET #s = :cancelled, updated_at = :now, redriven_at = :now"
                        + Retention.set(retention.expiryOf(OrderStatus.CANCELLED), values) + " REMOVE failed_step, #e")
                .conditionExpression("#s = :failed AND lra_id = :lra")
                .expressionAttributeNames(Map.of("#s", "status", "#e", "error"))
                .expressionAttributeValues(values)
                .build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(TransactWriteItem.builder().update(cancel).build(),
                outbox.outcome(orderId, OrderStatus.CANCELLED, lraId, "CANCELLED after redrive of "
                        + steps.stream().map(Step::displayName).sorted().toList())));
        history.expiryWrite(orderId, lraId, OrderStatus.CANCELLED).ifPresent(writes::add);
        return Transactions.write(db, writes).isEmpty();
    }

    /** Anti-hanging: a COMPENSATING order with no content makes a late ProcessOrder fail. */
    private boolean putCancelledMarker(String orderId, String lraId) {
        Map<String, AttributeValue> item = new HashMap<>(key(orderId));
        item.put("status", fromS(OrderStatus.COMPENSATING.name()));
        item.put("lra_id", fromS(lraId));
        item.put("created_at", fromS(now()));
        item.put("updated_at", fromS(now()));
        item.put("cancelled_at", fromS(now()));
        item.put("note", fromS("compensated before ProcessOrder ran"));
        // its id is taken too (by this saga, whose ProcessOrder, if late, the marker refuses)
        return Transactions.write(db, List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(order_id)").build()).build(),
                takenWrite(orderId, lraId, false))).isEmpty(); // else stored meanwhile
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
