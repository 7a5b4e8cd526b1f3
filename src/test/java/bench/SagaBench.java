package bench;

import app.OrderSagaApplication;
import app.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One mode of the benchmark in this JVM (scripts/bench.sh runs each mode in its own):
 * {@code SagaBench MODE SAGAS WARMUP HOME RESULTS}. Boots the real app under HOME with DynamoDB
 * Local in memory, warms up, then runs SAGAS sagas with 1 and with 8 callers and appends a line
 * per run to RESULTS.
 */
public final class SagaBench {

    private static final int[] CALLERS = {1, 8};

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
        overrides.put("faults.enabled", "false");
        overrides.put("console.enabled", "false");
        overrides.put("tables.catalog", "bench-catalog.csv"); // bench.sh writes it: every item in stock for any run
        overrides.putAll(mode.overrides());
        int exit = 0;
        try (RunningApp app = RunningApp.start(home, overrides, mode.listeners())) {
            System.out.println("bench: common pool parallelism " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
            Callers callers = new Callers(app.context(), mode);
            callers.run("warmup", warmup, CALLERS[CALLERS.length - 1]);
            for (int count : CALLERS) {
                Measurement measured = callers.run("c" + count, sagas, count);
                Files.writeString(results, measured.line(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                exit |= measured.notCompleted() == 0 ? 0 : 1;
            }
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit); // DynamoDB Local leaves a non-daemon thread behind
    }
}
