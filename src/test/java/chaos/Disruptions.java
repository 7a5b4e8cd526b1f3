package chaos;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The kills and freezes of a chaos run, at moments a seed picks. A kill waits (a bounded while) until
 * at least one saga is running, so that every kill lands on running sagas; the sagas running at each
 * kill are summed, and a kill that found none is a problem of the run.
 */
final class Disruptions {

    private static final Duration WAIT_FOR_RUNNING = Duration.ofSeconds(45);

    private final DynamoDbClient db;
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger inflight = new AtomicInteger();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    Disruptions(DynamoDbClient db) {
        this.db = db;
    }

    int kills() {
        return kills.get();
    }

    int inflightAtKills() {
        return inflight.get();
    }

    List<String> problems() {
        return problems;
    }

    /** Kills the process -9 once sagas run, then starts it again 0.5 to 2.5 s later. */
    Disruption kill(JavaProcess process) {
        return (random, at) -> {
            killWhenSagasRun(process, at);
            Thread.sleep(500 + random.nextInt(2000));
            process.start();
        };
    }

    /**
     * Kills {@code first} -9 once sagas run and starts {@code replacement} in its place (another port
     * and folder, the same log in PostgreSQL): a machine lost, its replacement elsewhere. Later
     * times, the replacement is killed and started again.
     */
    Disruption replace(JavaProcess first, JavaProcess replacement) {
        AtomicInteger times = new AtomicInteger();
        return (random, at) -> {
            killWhenSagasRun(times.getAndIncrement() == 0 ? first : replacement, at);
            Thread.sleep(500 + random.nextInt(2000));
            replacement.start();
        };
    }

    private void killWhenSagasRun(JavaProcess process, long at) throws InterruptedException {
        int running = runningSagas();
        if (running == 0) {
            problems.add("the kill of " + process.name() + " at " + at + " ms found no saga running");
        }
        process.kill();
        kills.incrementAndGet();
        inflight.addAndGet(running);
        System.out.println("chaos: killed -9 " + process.name() + " at " + at + " ms, " + running + " sagas running");
    }

    /** Freezes the process for 3 to 12 s (longer than one DynamoDB attempt may take): unreachable for a while, its calls hanging rather than refused. */
    Disruption freeze(JavaProcess process) {
        return (random, at) -> {
            long millis = 3000 + random.nextInt(9000);
            System.out.println("chaos: froze " + process.name() + " for " + millis + " ms at " + at + " ms");
            process.freeze(Duration.ofMillis(millis));
        };
    }

    /** The orders IN_PROGRESS or COMPENSATING, once there is one or the wait is over (0 then). */
    private int runningSagas() throws InterruptedException {
        Instant until = Instant.now().plus(WAIT_FOR_RUNNING);
        do {
            try {
                int running = count("IN_PROGRESS") + count("COMPENSATING");
                if (running > 0) {
                    return running;
                }
            } catch (SdkException storeDownOrFrozen) {
                // another disruption holds DynamoDB: ask again
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        return 0;
    }

    private int count(String status) {
        return db.query(r -> r.tableName("orders").indexName("status-created_at").select(Select.COUNT)
                .keyConditionExpression("#s = :status").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status)))).count();
    }

    /** What happens to a process at a chaos moment; {@code at} is the moment, in ms from the start. */
    interface Disruption {
        void apply(Random random, long at) throws IOException, InterruptedException;
    }

    /** Applies the disruption {@code times} times, at moments within the window that the seed picks. */
    static Callable<Void> atRandomMoments(int times, Duration window, long seed, Disruption disruption) {
        Random random = new Random(seed);
        List<Long> moments = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            moments.add(1000 + (long) (random.nextDouble() * Math.max(1, window.toMillis() - 1000)));
        }
        moments.sort(Long::compare);
        return () -> {
            long begin = System.currentTimeMillis();
            for (long moment : moments) {
                Thread.sleep(Math.max(0, begin + moment - System.currentTimeMillis()));
                disruption.apply(random, System.currentTimeMillis() - begin);
            }
            return null;
        };
    }
}
