package bench;

import java.util.Locale;
import java.util.Map;

/**
 * One measured run: throughput, latency, CPU and heap, how many of its orders did not end
 * COMPLETED, and the DynamoDB requests and capacity units it used, per path.
 */
record Measurement(SagaMode mode, int callers, int sagas, double seconds, double p50Ms, double p99Ms,
                   double cpuMsPerSaga, double heapMb, int notCompleted, Map<DynamoDbRequests.Path, DynamoDbRequests.Usage> dynamoDb) {

    double sagasPerSecond() {
        return sagas / seconds;
    }

    /**
     * A tab-separated line: mode, callers, sagas, seconds, sagas/s, p50, p99, CPU ms per saga, heap
     * MB, not completed; then per saga: DynamoDB requests of the saga's path, of the outbox relay, of
     * the other timers, read units and write units of all three (as DynamoDB reports them, and by
     * AWS's rules).
     */
    String line() {
        return String.format(Locale.ROOT, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.0f\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f%n",
                mode.name().toLowerCase(Locale.ROOT), callers, sagas, seconds, sagasPerSecond(), p50Ms, p99Ms, cpuMsPerSaga, heapMb,
                notCompleted, perSaga(requests(DynamoDbRequests.Path.SAGA)), perSaga(requests(DynamoDbRequests.Path.RELAY)),
                perSaga(requests(DynamoDbRequests.Path.TIMERS)),
                perSaga(dynamoDb.values().stream().mapToDouble(DynamoDbRequests.Usage::totalReadUnits).sum()),
                perSaga(dynamoDb.values().stream().mapToDouble(DynamoDbRequests.Usage::totalWriteUnits).sum()),
                perSaga(dynamoDb.values().stream().mapToDouble(DynamoDbRequests.Usage::totalAwsWriteUnits).sum()));
    }

    /** Per path, each "Operation table" with its requests, read units and write units (DynamoDB's, AWS's rules) per saga, one to a line. */
    String requestsByOperation() {
        StringBuilder text = new StringBuilder();
        dynamoDb.forEach((path, usage) -> usage.requests().forEach((operation, count) -> text.append(String.format(Locale.ROOT,
                "%s\t%d\t%s\t%s\t%.3f\t%.3f\t%.3f\t%.3f%n", mode.name().toLowerCase(Locale.ROOT), callers, path, operation, perSaga(count),
                perSaga(usage.readUnits().getOrDefault(operation, 0.0)), perSaga(usage.writeUnits().getOrDefault(operation, 0.0)),
                perSaga(usage.awsWriteUnits().getOrDefault(operation, 0.0))))));
        return text.toString();
    }

    private double requests(DynamoDbRequests.Path path) {
        return dynamoDb.get(path).total();
    }

    private double perSaga(double amount) {
        return amount / sagas;
    }
}
