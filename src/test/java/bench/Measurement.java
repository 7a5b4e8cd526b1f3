package bench;

import java.util.Locale;

/** One measured run: throughput, latency, CPU and heap, and how many of its orders did not end COMPLETED. */
record Measurement(SagaMode mode, int callers, int sagas, double seconds, double p50Ms, double p99Ms,
                   double cpuMsPerSaga, double heapMb, int notCompleted) {

    double sagasPerSecond() {
        return sagas / seconds;
    }

    /** A tab-separated line: mode, callers, sagas, seconds, sagas/s, p50, p99, CPU ms per saga, heap MB, not completed. */
    String line() {
        return String.format(Locale.ROOT, "%s\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.2f\t%.0f\t%d%n", mode.name().toLowerCase(Locale.ROOT),
                callers, sagas, seconds, sagasPerSecond(), p50Ms, p99Ms, cpuMsPerSaga, heapMb, notCompleted);
    }
}
