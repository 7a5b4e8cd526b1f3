package bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Counts the app's DynamoDB requests in the benchmark, by who made them (a saga's own path, the
 * outbox relay, other timers), operation and table, with the read and write units DynamoDB reports
 * for each (every request asks for them) and the write units by AWS's rules ({@link AwsWriteUnits}).
 * The benchmark registers it as an SDK global interceptor (scripts/bench.sh writes the classpath
 * file); the app does not know it.
 */
public final class DynamoDbRequests implements ExecutionInterceptor {

    /** Whose requests: the outbox relay's and the other timers' run on their timer's thread. */
    enum Path { SAGA, RELAY, TIMERS }

    /** What a run used on a path, by "Operation table": requests, read units, write units (DynamoDB's, and by AWS's rules). */
    record Usage(Map<String, Long> requests, Map<String, Double> readUnits, Map<String, Double> writeUnits,
                 Map<String, Double> awsWriteUnits) {

        long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        double totalReadUnits() {
            return readUnits.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double totalWriteUnits() {
            return writeUnits.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double totalAwsWriteUnits() {
            return awsWriteUnits.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private static final Map<Path, Map<String, LongAdder>> REQUESTS = new ConcurrentHashMap<>();
    private static final Map<Path, Map<String, DoubleAdder>> READ_UNITS = new ConcurrentHashMap<>();
    private static final Map<Path, Map<String, DoubleAdder>> WRITE_UNITS = new ConcurrentHashMap<>();
    private static final Map<Path, Map<String, DoubleAdder>> AWS_WRITE_UNITS = new ConcurrentHashMap<>();

    /** What has been used so far, per path (subtract two snapshots for a run). */
    static Map<Path, Usage> snapshot() {
        Map<Path, Usage> usage = new TreeMap<>();
        for (Path path : Path.values()) {
            Map<String, Long> requests = new TreeMap<>();
            REQUESTS.getOrDefault(path, Map.of()).forEach((operation, count) -> requests.put(operation, count.sum()));
            usage.put(path, new Usage(requests, sums(READ_UNITS.getOrDefault(path, Map.of())), sums(WRITE_UNITS.getOrDefault(path, Map.of())),
                    sums(AWS_WRITE_UNITS.getOrDefault(path, Map.of()))));
        }
        return usage;
    }

    static Usage between(Usage before, Usage after) {
        Map<String, Long> requests = new TreeMap<>();
        after.requests().forEach((operation, count) -> {
            long ran = count - before.requests().getOrDefault(operation, 0L);
            if (ran > 0) {
                requests.put(operation, ran);
            }
        });
        return new Usage(requests, minus(after.readUnits(), before.readUnits()), minus(after.writeUnits(), before.writeUnits()),
                minus(after.awsWriteUnits(), before.awsWriteUnits()));
    }

    private static Map<String, Double> sums(Map<String, DoubleAdder> adders) {
        Map<String, Double> sums = new TreeMap<>();
        adders.forEach((operation, adder) -> sums.put(operation, adder.sum()));
        return sums;
    }

    private static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((operation, units) -> difference.put(operation, units - before.getOrDefault(operation, 0.0)));
        return difference;
    }

    /** Every request that can asks DynamoDB for the units it used. */
    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        return request.sdkFields().stream().filter(field -> "ReturnConsumedCapacity".equals(field.memberName())).findFirst()
                .map(field -> {
                    SdkRequest.Builder builder = request.toBuilder();
                    field.set(builder, ReturnConsumedCapacity.TOTAL.toString());
                    return builder.build();
                }).orElse(request);
    }

    /**
     * DynamoDB Local reports a single-item request's units as CapacityUnits alone (a read's are read
     * units, a write's write units: the operation says which) and a transaction's as write units. It
     * does not count the writes to global secondary indexes (docs/performance.md adds them).
     */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        Path path = count(context.request());
        String operation = name(context.request());
        boolean read = context.request() instanceof GetItemRequest || context.request() instanceof QueryRequest
                || context.request() instanceof ScanRequest;
        for (ConsumedCapacity used : consumed(context.response())) {
            double readUnits = used.readCapacityUnits() != null ? used.readCapacityUnits() : read ? orZero(used.capacityUnits()) : 0;
            double writeUnits = used.writeCapacityUnits() != null ? used.writeCapacityUnits() : read ? 0 : orZero(used.capacityUnits());
            READ_UNITS.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).computeIfAbsent(operation, o -> new DoubleAdder()).add(readUnits);
            WRITE_UNITS.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).computeIfAbsent(operation, o -> new DoubleAdder()).add(writeUnits);
        }
        AWS_WRITE_UNITS.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).computeIfAbsent(operation, o -> new DoubleAdder())
                .add(AwsWriteUnits.of(context.request()));
    }

    /** A refused request (a condition that failed, a cancelled transaction) is a request too. */
    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(context.request());
    }

    private static Path count(SdkRequest request) {
        Path path = path(Thread.currentThread().getName());
        REQUESTS.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).computeIfAbsent(name(request), n -> new LongAdder()).increment();
        return path;
    }

    private static Path path(String thread) {
        if (thread.contains("timer://outcome-events")) {
            return Path.RELAY;
        }
        return thread.contains("timer://") ? Path.TIMERS : Path.SAGA;
    }

    /** "PutItem orders", "Query orders/status-index", "TransactWriteItems payments+order-history", ... */
    private static String name(SdkRequest request) {
        String operation = request.getClass().getSimpleName().replace("Request", "");
        String table = request.getValueForField("TableName", String.class).orElse("")
                + request.getValueForField("IndexName", String.class).map(index -> "/" + index).orElse("");
        if (request instanceof TransactWriteItemsRequest transaction) {
            table = String.join("+", transaction.transactItems().stream().map(DynamoDbRequests::table).distinct().toList());
        } else if (request instanceof BatchWriteItemRequest batch) {
            table = String.join("+", batch.requestItems().keySet());
        }
        return (operation + " " + table).trim();
    }

    private static String table(TransactWriteItem item) {
        return Stream.of(item.put() == null ? null : item.put().tableName(), item.update() == null ? null : item.update().tableName(),
                item.delete() == null ? null : item.delete().tableName(), item.conditionCheck() == null ? null : item.conditionCheck().tableName())
                .filter(Objects::nonNull).findFirst().orElse("?");
    }

    /** A single-item request or a query reports one ConsumedCapacity; a transaction or a batch one per table. */
    @SuppressWarnings("unchecked")
    private static List<ConsumedCapacity> consumed(SdkResponse response) {
        return response.getValueForField("ConsumedCapacity", Object.class).map(used -> used instanceof List<?> list
                ? (List<ConsumedCapacity>) list : List.of((ConsumedCapacity) used)).orElse(List.of());
    }

    private static double orZero(Double units) {
        return units == null ? 0 : units;
    }
}
