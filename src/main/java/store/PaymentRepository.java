package store;

import domain.BusinessFailure;
import domain.Completion;
import domain.MessageKeys;
import domain.Order;
import domain.RetryableFailure;
import domain.Step;
import domain.TransactionIds;
import domain.Undo;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Header;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The payment service's ledger: at most one Debit and one Credit per order, under deterministic
 * ids. A Credit without a Debit records "nothing to refund" and stops a late Debit.
 */
public class PaymentRepository {

    private static final String SETTLED = "SETTLED";
    private static final String PENDING = "PENDING";

    private final DynamoDbClient db;
    private final String table;
    private final HistoryRepository history;
    private final SagaDecisions decisions;
    private final Clock clock;

    public PaymentRepository(DynamoDbClient db, String table, HistoryRepository history, SagaDecisions decisions, Clock clock) {
        this.db = db;
        this.table = table;
        this.history = history;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** ProcessPayment, with its history entry: debit the order total for this saga, unless a refund for this order came first. */
    public void debit(@Body Order order, @Header(MessageKeys.LRA_ID) String lraId) {
        String orderId = order.orderId();
        BigDecimal amount = order.total();
        Map<String, AttributeValue> debit = entry(TransactionIds.debit(orderId), orderId, "Debit", amount);
        debit.put("state", fromS(PENDING));
        debit.put("lra_id", fromS(lraId));
        if (Transactions.write(db, List.of(put(debit), absent(TransactionIds.credit(orderId)),
                history.succeededWrite(orderId, Step.PROCESS_PAYMENT, lraId))).isEmpty()) {
            return;
        }
        // Refused: the ledger says why (a refund came first, or an earlier attempt debited)
        if (find(TransactionIds.credit(orderId)).isPresent()) {
            throw new BusinessFailure("order " + orderId + " was refunded before it was debited: the late debit is refused");
        }
        BigDecimal existing = find(TransactionIds.debit(orderId)).map(PaymentEntry::amount).orElseThrow(() ->
                new RetryableFailure("the debit of order " + orderId + " was refused, but no debit or refund explains it now"));
        if (existing.compareTo(amount) != 0) {
            throw new BusinessFailure("order " + orderId + " was already debited " + existing + ", not " + amount);
        }
    }

    /** ProcessRefund: credit back exactly what was debited, once. */
    public Undo refund(@Header(MessageKeys.ORDER_ID) String orderId) {
        String debitId = TransactionIds.debit(orderId);
        String creditId = TransactionIds.credit(orderId);
        while (true) {
            if (find(creditId).isPresent()) {
                return Undo.ALREADY_UNDONE;
            }
            Optional<PaymentEntry> debit = find(debitId);
            if (debit.isPresent() && SETTLED.equals(debit.get().state())) {
                return Undo.REFUSED_COMPLETED;
            }
            BigDecimal refund = debit.map(PaymentEntry::amount).orElse(BigDecimal.ZERO).negate();
            Map<String, AttributeValue> credit = entry(creditId, orderId, "Credit", refund);
            if (debit.isEmpty()) {
                credit.put("note", fromS("nothing to refund: no debit"));
            }
            TransactWriteItem debitUnchanged = debit.isPresent() ? unsettled(debitId) : absent(debitId);
            if (Transactions.write(db, List.of(put(credit), debitUnchanged)).isEmpty()) {
                return debit.isPresent() ? Undo.UNDONE : Undo.NOTHING_TO_UNDO;
            }
        }
    }

    /** SettlePayment, recorded in the history with the saga's decision: this saga closed; from now on its debit cannot be refunded. */
    public Completion settle(@Header(MessageKeys.ORDER_ID) String orderId, @Header(MessageKeys.LRA_ID) String lraId) {
        Update settle = Update.builder().tableName(table).key(key(TransactionIds.debit(orderId)))
                .updateExpression("SET #st = :settled")
                .conditionExpression("lra_id = :lra")
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":settled", fromS(SETTLED), ":lra", fromS(lraId)))
                .build();
        // No check that no refund came: a refund needs the decision CANCELLED, which this write's decision CLOSED excludes
        return decisions.complete(orderId, lraId, List.of(TransactWriteItem.builder().update(settle).build()),
                Step.SETTLE_PAYMENT, List.of(), List.of());
    }

    /** The order's Debit and Credit, if any. */
    public List<PaymentEntry> ledger(String orderId) {
        return List.of(TransactionIds.debit(orderId), TransactionIds.credit(orderId)).stream()
                .map(this::find).flatMap(Optional::stream).toList();
    }

    private Optional<PaymentEntry> find(String transactionId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).key(key(transactionId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PaymentEntry(transactionId, item.get("order_id").s(), item.get("payment_type").s(),
                new BigDecimal(item.get("amount").n()), item.containsKey("state") ? item.get("state").s() : null,
                item.get("transaction_date").s()));
    }

    private Map<String, AttributeValue> entry(String id, String orderId, String type, BigDecimal amount) {
        Map<String, AttributeValue> item = new HashMap<>(key(id));
        item.put("order_id", fromS(orderId));
        item.put("payment_type", fromS(type));
        item.put("amount", AttributeValue.fromN(amount.toPlainString()));
        item.put("transaction_date", fromS(clock.instant().toString()));
        return item;
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(transaction_id)").build()).build();
    }

    private TransactWriteItem absent(String transactionId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key(transactionId))
                .conditionExpression("attribute_not_exists(transaction_id)").build()).build();
    }

    private TransactWriteItem unsettled(String transactionId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table).key(key(transactionId))
                .conditionExpression("attribute_exists(transaction_id) AND #st <> :settled")
                .expressionAttributeNames(Map.of("#st", "state"))
                .expressionAttributeValues(Map.of(":settled", fromS(SETTLED))).build()).build();
    }

    private static Map<String, AttributeValue> key(String transactionId) {
        return Map.of("transaction_id", fromS(transactionId));
    }
}
