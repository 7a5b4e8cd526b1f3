package redrive;

import domain.OrderStatus;
import domain.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import store.Retention;
import store.Timestamps;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * The bulk redrive jobs' table (key: job id, entry). A job is one item (entry {@code job}): its
 * filter, its orders, its state and its lease; each order's result is an item of its own (entry
 * {@code order#<id>}), written once, as the job goes. Only the replica holding a job's lease runs
 * it; a lease not renewed in time lets any replica take the job over.
 */
public class RedriveJobs {

    /** Index of the running jobs by lease expiry: where a replica finds the jobs to take over. */
    public static final String LEASE_INDEX = "state-lease_until";
    /**
     * How long a lease lasts unless renewed; it is renewed before each order, so it must outlast one
     * order's redrive: up to three compensations, each with its retries (about 10 s each by default).
     */
    static final Duration LEASE = Duration.ofSeconds(60);

    private static final String HEAD = "job";
    private static final String RESULT = "order#";

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;
    private final String replica;
    private final Retention retention;

    /**
     * @param replica this replica's name (app.replica-id): the owner of the jobs it runs
     * @param retention how long a job is kept once done (and each result once written)
     */
    public RedriveJobs(DynamoDbClient db, String table, Clock clock, String replica, Retention retention) {
        this.db = db;
        this.table = table;
        this.clock = clock;
        this.replica = replica;
        this.retention = retention;
    }

    /** A replica's hold on a job: only the holder of the current lease id may run it. */
    public record Lease(String jobId, String leaseId) {
    }

    /**
     * Stores a new RUNNING job, leased to this replica, unless a job of this id exists: then empty.
     * {@code filter}'s window must have its end.
     */
    public Optional<Lease> create(String jobId, RedriveFilter filter, String request, List<PlannedRedrive> orders) {
        Lease lease = new Lease(jobId, UUID.randomUUID().toString());
        Map<String, AttributeValue> item = new HashMap<>(key(jobId, HEAD));
        item.put("request", fromS(request));
        filter.step().ifPresent(step -> item.put("failed_step", fromS(step)));
        item.put("from", fromS(filter.from().toString()));
        item.put("to", fromS(filter.to().toString()));
        item.put("limit", fromN(Integer.toString(filter.limit())));
        item.put("orders", fromL(orders.stream().map(RedriveJobs::toItem).toList()));
        item.put("state", fromS(RedriveJob.State.RUNNING.name()));
        item.put("owner", fromS(replica));
        item.put("lease_id", fromS(lease.leaseId()));
        item.put("lease_until", fromS(Timestamps.millis(clock.instant().plus(LEASE))));
        item.put("created_at", fromS(clock.instant().toString()));
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(job_id)"));
            return Optional.of(lease);
        } catch (ConditionalCheckFailedException exists) {
            return Optional.empty();
        }
    }

    public Optional<RedriveJob> find(String jobId) {
        Map<String, AttributeValue> head = null;
        Map<String, OrderResult> results = new HashMap<>();
        for (Map<String, AttributeValue> item : db.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("job_id = :id").expressionAttributeValues(Map.of(":id", fromS(jobId)))).items()) {
            String entry = item.get("entry").s();
            if (entry.equals(HEAD)) {
                head = item;
            } else {
                results.put(entry.substring(RESULT.length()), toResult(item));
            }
        }
        return head == null ? Optional.empty() : Optional.of(toJob(head, results));
    }

    /** The RUNNING jobs whose lease has run out: their replica died, or stopped. */
    public List<String> leaseExpired() {
        return db.queryPaginator(r -> r.tableName(table).indexName(LEASE_INDEX)
                        .keyConditionExpression("#s = :running AND lease_until < :now")
                        .expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(Map.of(":running", fromS(RedriveJob.State.RUNNING.name()),
                                ":now", fromS(Timestamps.millis(clock.instant())))))
                .items().stream().map(item -> item.get("job_id").s()).toList();
    }

    /** Takes over a RUNNING job whose lease has run out; empty when another replica was first, or it is done. */
    public Optional<Lease> takeOver(String jobId) {
        Lease lease = new Lease(jobId, UUID.randomUUID().toString());
        return leased(lease, "lease_until < :now", Map.of(":now", fromS(Timestamps.millis(clock.instant()))))
                ? Optional.of(lease) : Optional.empty();
    }

    /** Extends the lease; false when it is no longer this holder's (another replica took the job over). */
    public boolean renew(Lease lease) {
        return leased(lease, "lease_id = :lease", Map.of());
    }

    /** Gives {@code lease} the job for another {@link #LEASE} if the job is RUNNING and {@code condition} holds. */
    private boolean leased(Lease lease, String condition, Map<String, AttributeValue> conditionValues) {
        Map<String, AttributeValue> values = new HashMap<>(conditionValues);
        values.putAll(Map.of(":running", fromS(RedriveJob.State.RUNNING.name()), ":lease", fromS(lease.leaseId()),
                ":owner", fromS(replica), ":until", fromS(Timestamps.millis(clock.instant().plus(LEASE)))));
        try {
            db.updateItem(r -> r.tableName(table).key(key(lease.jobId(), HEAD))
                    .updateExpression("SET lease_id = :lease, #o = :owner, lease_until = :until")
                    .conditionExpression("#s = :running AND " + condition)
                    .expressionAttributeNames(Map.of("#s", "state", "#o", "owner"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    /** Records what the job did to an order; the first result stays (a job taken over never redrives an order twice). */
    public void record(String jobId, String orderId, OrderResult result) {
        Map<String, AttributeValue> item = new HashMap<>(key(jobId, RESULT + orderId));
        item.put("result", fromS(result.kind().name()));
        item.put("compensations", steps(result.compensations()));
        if (result.status() != null) {
            item.put("order_status", fromS(result.status().name()));
        }
        if (result.detail() != null) {
            item.put("detail", fromS(result.detail()));
        }
        item.put("at", fromS(clock.instant().toString()));
        // a day longer than the job, which is done (and starts its own retention) later than this
        retention.fromNowAnd(Duration.ofDays(1)).ifPresent(expiry -> item.put(Retention.ATTRIBUTE, expiry));
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(entry)"));
        } catch (ConditionalCheckFailedException recordedBefore) {
            // by a holder of an earlier lease, which was still running when it ran out
        }
    }

    /** Every order has its result: the job is DONE, if this lease still holds it. */
    public boolean finish(Lease lease) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":done", fromS(RedriveJob.State.DONE.name()),
                ":running", fromS(RedriveJob.State.RUNNING.name()), ":mine", fromS(lease.leaseId()), ":now", fromS(clock.instant().toString())));
        try {
            db.updateItem(r -> r.tableName(table).key(key(lease.jobId(), HEAD))
                    .updateExpression("SET #s = :done, finished_at = :now" + Retention.set(retention.fromNow(), values))
                    .conditionExpression("#s = :running AND lease_id = :mine")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String jobId, String entry) {
        return Map.of("job_id", fromS(jobId), "entry", fromS(entry));
    }

    private static AttributeValue steps(List<Step> steps) {
        return fromL(steps.stream().map(step -> fromS(step.displayName())).toList());
    }

    private static List<Step> steps(AttributeValue steps) {
        return steps.l().stream().map(step -> Step.named(step.s())).toList();
    }

    private static AttributeValue toItem(PlannedRedrive order) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("order_id", fromS(order.orderId()));
        item.put("failed_step", fromS(order.failedStep()));
        item.put("created_at", fromS(order.createdAt()));
        item.put("compensations", steps(order.compensations()));
        return fromM(item);
    }

    private static PlannedRedrive toPlanned(AttributeValue order) {
        Map<String, AttributeValue> item = order.m();
        return new PlannedRedrive(item.get("order_id").s(), item.get("failed_step").s(), item.get("created_at").s(),
                steps(item.get("compensations")));
    }

    private static OrderResult toResult(Map<String, AttributeValue> item) {
        return new OrderResult(OrderResult.Kind.valueOf(item.get("result").s()), steps(item.get("compensations")),
                item.containsKey("order_status") ? OrderStatus.valueOf(item.get("order_status").s()) : null,
                item.containsKey("detail") ? item.get("detail").s() : null);
    }

    private static RedriveJob toJob(Map<String, AttributeValue> head, Map<String, OrderResult> results) {
        RedriveFilter filter = new RedriveFilter(text(head, "failed_step"), Instant.parse(head.get("from").s()),
                Instant.parse(head.get("to").s()), Integer.parseInt(head.get("limit").n()), false);
        return new RedriveJob(head.get("job_id").s(), filter, head.get("request").s(), RedriveJob.State.valueOf(head.get("state").s()),
                head.get("owner").s(), head.get("created_at").s(), text(head, "finished_at"),
                head.get("orders").l().stream().map(RedriveJobs::toPlanned).toList(), results);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
