package bench;

import app.OrderSagaApplication;
import app.RunningApp;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One mode of the benchmark in this JVM (scripts/bench.sh runs each mode in its own):
 * {@code SagaBench MODE SAGAS WARMUP HOME RESULTS}. Boots the real app under HOME with DynamoDB
 * Local in memory, warms up in rounds of WARMUP sagas until the JIT has settled, then runs SAGAS
 * sagas with 1 and with 8 callers and appends a line per run to RESULTS, and the run's DynamoDB
 * requests by operation to requests.tsv beside it.
 */
public final class SagaBench {

    private static final int[] CALLERS = {1, 8};
    private static final int MAX_WARMUP_ROUNDS = 12;
    private static final double SETTLED_JIT_SHARE = 0.10;

    private SagaBench() {
    }

    public static void main(String[] args) throws Exception {
        OrderSagaApplication.configureJvm(); // first, as the app's main does
        SagaMode mode = SagaMode.valueOf(args[0].toUpperCase(Locale.ROOT));
        int sagas = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Path home = Files.createDirectories(Path.of(args[3]));
        Path results = Path.of(args[4]);

        Map<String, String> overrides = new HashMap<>();
        overrides.put("local.dynamodb.in-memory", "true");
        overrides.put("aws.dynamodb.await-local-commits", "false"); // in memory, nothing to wait for (as on AWS)
        overrides.put("faults.enabled", "false");
        overrides.put("console.enabled", "false");
        overrides.put("tables.catalog", "bench-catalog.csv"); // bench.sh writes it: every item in stock for any run
        // the modes without the coordinator in this JVM need a secret given, as replicas do
        overrides.put("callbacks.secret", UUID.randomUUID() + "-" + UUID.randomUUID());
        overrides.putAll(mode.overrides());
        int exit = 0;
        try (RunningApp app = RunningApp.start(home, overrides, mode.listeners())) {
            System.out.println("bench: common pool parallelism " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
            Callers callers = new Callers(app.context(), mode);
            warmUp(callers, warmup);
            for (int count : CALLERS) {
                Measurement measured = callers.run("c" + count, sagas, count);
                Files.writeString(results, measured.line(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Files.writeString(results.resolveSibling("requests.tsv"), measured.requestsByOperation(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                exit |= measured.notCompleted() == 0 ? 0 : 1;
            }
            System.out.println("bench: largest item by AWS's size rules: " + AwsWriteUnits.largestItems(app.bean(DynamoDbClient.class)));
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit); // DynamoDB Local leaves a non-daemon thread behind
    }

    /**
     * Rounds of {@code sagasPerRound} sagas at the most callers until the JIT has settled: until a
     * round in which compiling took under 10% of the CPUs' time (at most {@value #MAX_WARMUP_ROUNDS}
     * rounds). The app's code is large (Camel, the AWS SDK, the coordinator, and DynamoDB Local and
     * the SQS server in the same JVM): on 2 vCPUs the compiler threads take a third of the CPU for
     * the first minutes, which a fixed warm-up left inside the measured runs.
     */
    private static void warmUp(Callers callers, int sagasPerRound) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int cpus = Runtime.getRuntime().availableProcessors();
        for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
            long compilingBefore = jit.getTotalCompilationTime();
            Measurement warm = callers.run("warmup" + round, sagasPerRound, CALLERS[CALLERS.length - 1]);
            double jitShare = (jit.getTotalCompilationTime() - compilingBefore) / (warm.seconds() * 1000 * cpus);
            System.out.printf(Locale.ROOT, "bench: warm-up round %d: %.1f sagas/s, compiling took %.0f%% of the CPUs%n",
                    round, warm.sagasPerSecond(), 100 * jitShare);
            if (jitShare < SETTLED_JIT_SHARE) {
                return;
            }
        }
    }
}
