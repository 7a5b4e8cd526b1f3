package chaos;

import app.RunningApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The cluster run (scripts/cluster.sh): three app replicas behind nginx, two coordinators (shards),
 * the stand-ins, all on loopback. Each replica starts its sagas on one coordinator and serves the
 * callbacks of both; the coordinators call back through nginx, so any replica serves any callback;
 * the second coordinator is reached through nginx too, under one address. Orders go in through the
 * queue and the shared inbox folder while, at moments a seed picks, replicas and coordinators are
 * killed -9 and started again. Then the chaos test's audit, and how many sagas each replica ran.
 */
public final class ClusterRun {

    static final int REPLICAS = 3;
    static final int COORDINATORS = 2;

    private ClusterRun() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = Long.getLong("cluster.seed", 42);
        int kills = Integer.getInteger("cluster.kills", Math.max(1, orders / 500));
        Files.createDirectories(Path.of("target"));
        Outcome outcome = run(orders, seed, kills, Files.createTempDirectory(Path.of("target"), "cluster-"));
        outcome.result().problems().stream().limit(50).forEach(problem -> System.out.println("PROBLEM " + problem));
        System.out.println("cluster: orders by status " + outcome.result().byStatus() + ", by replica " + outcome.byReplica()
                + "; CPU ms per saga " + outcome.cpuMsPerSaga() + "; logs in target/cluster-*/");
        System.out.println(outcome.line());
        System.exit(outcome.passed() ? 0 : 1);
    }

    /**
     * The chaos audit of the run, the sagas each replica started, and the CPU time each part used per
     * order from the first order to the audit (the restarts after kills included).
     */
    record Outcome(ChaosRun.Result result, Map<String, Integer> byReplica, Map<String, Double> cpuMsPerSaga) {

        int servedMin() {
            return byReplica.size() < REPLICAS ? 0 : byReplica.values().stream().min(Comparator.naturalOrder()).orElse(0);
        }

        boolean passed() {
            return result.passed() && servedMin() > 0;
        }

        String line() {
            return "CLUSTER replicas=" + REPLICAS + " coordinators=" + COORDINATORS + " " + result.fields(" served_min=" + servedMin())
                    + " seconds=" + result.seconds();
        }
    }

    /** Each replica and each coordinator is killed -9 {@code killsEach} times and started again. */
    static Outcome run(int orderCount, long seed, int killsEach, Path work) throws Exception {
        Instant started = Instant.now();
        int dynamoDbPort = RunningApp.freePort();
        int sqsPort = RunningApp.freePort();
        int balancerPort = RunningApp.freePort();
        int coordinatorFrontPort = RunningApp.freePort();
        Path inbox = Files.createDirectories(work.resolve("orders/inbox"));
        JavaProcess dynamoDb = ChaosRun.dynamoDbStandIn(work, dynamoDbPort);
        JavaProcess sqsServer = ChaosRun.sqsStandIn(work, sqsPort);
        LocalPostgres postgres = LocalPostgres.start(work);
        JavaProcess direct = ChaosRun.coordinator("coordinator-1", work);
        // the second coordinator logs to PostgreSQL: when it is lost, its replacement (another port and
        // folder) takes its log over, behind the same address
        JavaProcess fronted = ChaosRun.coordinator("coordinator-2", work, postgres.coordinatorSettings("cluster_"));
        JavaProcess replacement = ChaosRun.coordinator("coordinator-2-replacement", work, postgres.coordinatorSettings("cluster_"));
        String directUrl = "http://127.0.0.1:" + direct.port();
        String frontedUrl = "http://127.0.0.1:" + coordinatorFrontPort; // the address its LRA ids name, whatever serves it
        String secret = ChaosRun.callbackSecret();
        List<JavaProcess> replicas = new ArrayList<>();
        for (int i = 1; i <= REPLICAS; i++) {
            int port = RunningApp.freePort();
            Map<String, String> settings = ChaosRun.appSettings(port, work);
            settings.putAll(Map.of(
                    "app.public-url", "http://127.0.0.1:" + balancerPort,
                    "app.replica-id", "replica-" + i,
                    "coordinator.url", i % 2 == 1 ? directUrl : frontedUrl,
                    "coordinator.urls", directUrl + "," + frontedUrl,
                    "aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort,
                    "aws.sqs.endpoint", "http://127.0.0.1:" + sqsPort));
            replicas.add(new JavaProcess("replica-" + i, "app.OrderSagaApplication", settings, Map.of("CALLBACKS_SECRET", secret),
                    work.resolve("replica-" + i + ".log"), port));
        }
        Nginx nginx = new Nginx(work);

        dynamoDb.start();
        sqsServer.start();
        direct.start();
        fronted.start();
        nginx.start(balancerPort, replicas.stream().map(JavaProcess::port).toList(),
                List.of(new Nginx.Front(coordinatorFrontPort, List.of(fronted.port(), replacement.port()))));
        for (JavaProcess replica : replicas) {
            replica.start(); // one after the other: each creates the tables and queues that are missing, the first stocks them
        }
        Map<String, Supplier<Duration>> parts = new LinkedHashMap<>();
        parts.put("replicas", () -> replicas.stream().map(JavaProcess::cpuTime).reduce(Duration.ZERO, Duration::plus));
        parts.put("coordinators", () -> direct.cpuTime().plus(fronted.cpuTime()).plus(replacement.cpuTime()));
        parts.put("postgresql", () -> {
            try {
                return postgres.cpuTime();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        parts.put("dynamodb", dynamoDb::cpuTime);
        parts.put("sqs", sqsServer::cpuTime);
        parts.put("nginx", nginx::cpuTime);
        Map<String, Double> idlePerSecond = idleCpu(parts);
        Map<String, Duration> before = snapshot(parts);
        Instant feedStarted = Instant.now();
        try (DynamoDbClient db = ChaosRun.dynamoDb(dynamoDbPort); SqsClient sqs = ChaosRun.sqs(sqsPort)) {
            Disruptions disruptions = new Disruptions(db);
            ChaosRun.Result result = ChaosRun.feedAndAudit(db, sqs, inbox, balancerPort, orderCount, seed, disruptions, started, window -> {
                Random schedule = new Random(seed * 31 + 11);
                List<Callable<Void>> planned = new ArrayList<>();
                for (JavaProcess process : List.of(replicas.get(0), replicas.get(1), replicas.get(2), direct)) {
                    planned.add(Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.kill(process)));
                }
                planned.add(Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.replace(fronted, replacement)));
                return planned;
            });
            Map<String, Duration> after = snapshot(parts);
            double seconds = Duration.between(feedStarted, Instant.now()).toMillis() / 1000.0;
            Map<String, Double> perSaga = new LinkedHashMap<>();
            parts.keySet().forEach(part -> {
                double busyMs = after.get(part).minus(before.get(part)).toMillis() - idlePerSecond.get(part) * seconds;
                perSaga.put(part, Math.round(10.0 * busyMs / Math.max(1, orderCount)) / 10.0);
            });
            return new Outcome(result, sagasByReplica(db), perSaga);
        } finally {
            for (JavaProcess replica : replicas) {
                replica.stop();
            }
            nginx.stop();
            direct.stop();
            fronted.stop();
            replacement.stop();
            sqsServer.stop();
            dynamoDb.stop();
            postgres.close();
        }
    }

    /**
     * The CPU each part uses per second with no orders (timers, polls, recovery passes), measured over
     * {@code cluster.idle-seconds} (default 0: none), so that what a saga costs comes out net of it.
     */
    private static Map<String, Double> idleCpu(Map<String, Supplier<Duration>> parts) throws InterruptedException {
        long idleSeconds = Long.getLong("cluster.idle-seconds", 0);
        Map<String, Double> perSecond = new LinkedHashMap<>();
        if (idleSeconds == 0) {
            parts.keySet().forEach(part -> perSecond.put(part, 0.0));
            return perSecond;
        }
        Map<String, Duration> start = snapshot(parts);
        Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis());
        Map<String, Duration> end = snapshot(parts);
        parts.keySet().forEach(part -> perSecond.put(part, end.get(part).minus(start.get(part)).toMillis() / (double) idleSeconds));
        return perSecond;
    }

    private static Map<String, Duration> snapshot(Map<String, Supplier<Duration>> parts) {
        Map<String, Duration> now = new LinkedHashMap<>();
        parts.forEach((part, cpu) -> now.put(part, cpu.get()));
        return now;
    }

    /** How many orders each replica started a saga for (the order's replica attribute). */
    private static Map<String, Integer> sagasByReplica(DynamoDbClient db) {
        Map<String, Integer> byReplica = new HashMap<>();
        db.scanPaginator(r -> r.tableName("orders").consistentRead(true)).items().forEach(row -> {
            AttributeValue replica = row.get("replica");
            if (replica != null) {
                byReplica.merge(replica.s(), 1, Integer::sum);
            }
        });
        return byReplica;
    }
}
