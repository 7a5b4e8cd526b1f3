package chaos;

import app.RunningApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import store.EventOutbox;

/**
 * The chaos test (scripts/chaos.sh). First the app, a standalone coordinator and the stand-ins for
 * DynamoDB and SQS (on disk) run as three processes; orders go in through the queue and the folder
 * while, at moments a seed picks, each of them is killed -9 and started again, and the stand-ins and
 * the coordinator are frozen for a few seconds (unreachable). Then, in the long run, the one-process
 * default run (everything in one JVM, as `mvn compile camel:run`) is killed -9 mid-load and started
 * again, twice. After each, the tables must show every order finished as its scenario allows, money
 * and stock conserved, and every outcome event on the events queue.
 */
public final class ChaosRun {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(4);
    private static final StaticCredentialsProvider LOCAL = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private ChaosRun() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = Long.getLong("chaos.seed", 42);
        int kills = Integer.getInteger("chaos.kills", Math.max(2, orders / 250));
        Files.createDirectories(Path.of("target"));
        Result result = separateProcesses(orders, seed, kills, Files.createTempDirectory(Path.of("target"), "chaos-"));
        if (Boolean.parseBoolean(System.getProperty("chaos.one-process", "true")) && orders > 0) {
            result = result.and(oneProcess(Math.max(20, orders / 4), seed + 1, Files.createTempDirectory(Path.of("target"), "chaos-one-")));
        }
        result.problems().stream().limit(50).forEach(problem -> System.out.println("PROBLEM " + problem));
        System.out.println("chaos: orders by status " + result.byStatus() + "; logs in target/chaos-*/");
        System.out.println(result.line());
        System.exit(result.passed() ? 0 : 1);
    }

    /** The audits of a run's phases, and what its kills met. */
    record Result(List<Audit> audits, int kills, int inflightAtKills, List<String> killProblems, long seconds) {

        Result and(Result next) {
            List<Audit> all = new ArrayList<>(audits);
            all.addAll(next.audits);
            List<String> problems = new ArrayList<>(killProblems);
            problems.addAll(next.killProblems);
            return new Result(all, kills + next.kills, inflightAtKills + next.inflightAtKills, problems, seconds + next.seconds);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>(killProblems);
            audits.forEach(audit -> problems.addAll(audit.problems));
            return problems;
        }

        Map<String, Integer> byStatus() {
            Map<String, Integer> byStatus = new TreeMap<>();
            audits.forEach(audit -> audit.byStatus.forEach((status, count) -> byStatus.merge(status, count, Integer::sum)));
            return byStatus;
        }

        boolean passed() {
            return killProblems.isEmpty() && audits.stream().allMatch(Audit::passed);
        }

        String line() {
            return "CHAOS " + fields("") + " seconds=" + seconds;
        }

        /** The audit's fields of the CHAOS and CLUSTER lines, {@code beforeSeconds} between the kills and the time. */
        String fields(String beforeSeconds) {
            return "orders=%d terminal=%d lost=%d stranded=%d unexpected=%d money_mismatch=%d stock_mismatch=%d contradictory=%d unpublished=%d swept=%d kills=%d inflight_at_kills=%d%s"
                    .formatted(sum(a -> a.orders), sum(a -> a.terminal), sum(a -> a.lost), sum(a -> a.stranded), sum(a -> a.unexpected),
                            sum(a -> a.moneyMismatch), sum(a -> a.stockMismatch), sum(a -> a.contradictory), sum(a -> a.unpublished),
                            sum(a -> a.swept), kills, inflightAtKills, beforeSeconds);
        }

        private int sum(ToIntFunction<Audit> field) {
            return audits.stream().mapToInt(field).sum();
        }
    }

    /** The app, a standalone coordinator and the stand-ins as three processes, each killed and frozen {@code killsEach} times. */
    static Result separateProcesses(int orderCount, long seed, int killsEach, Path work) throws Exception {
        Instant started = Instant.now();
        int appPort = RunningApp.freePort();
        int dynamoDbPort = RunningApp.freePort();
        int sqsPort = RunningApp.freePort();
        Path inbox = Files.createDirectories(work.resolve("orders/inbox"));
        JavaProcess standIns = standIns(work, dynamoDbPort, sqsPort);
        JavaProcess coordinator = coordinator("coordinator", work);
        Map<String, String> appSettings = appSettings(appPort, work);
        appSettings.putAll(Map.of(
                "coordinator.url", "http://127.0.0.1:" + coordinator.port(),
                "aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort,
                "aws.sqs.endpoint", "http://127.0.0.1:" + sqsPort));
        // the secret in the environment, not on the command line where ps shows it
        JavaProcess app = new JavaProcess("app", "app.OrderSagaApplication", appSettings, Map.of("CALLBACKS_SECRET", callbackSecret()),
                work.resolve("app.log"), appPort);

        standIns.start();
        coordinator.start();
        app.start();
        try (DynamoDbClient db = dynamoDb(dynamoDbPort); SqsClient sqs = sqs(sqsPort)) {
            Disruptions disruptions = new Disruptions(db);
            return feedAndAudit(db, sqs, inbox, appPort, orderCount, seed, disruptions, started, window -> {
                Random schedule = new Random(seed * 31 + 7);
                return List.of(
                        Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.kill(app)),
                        Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.kill(coordinator)),
                        Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.kill(standIns)),
                        Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.freeze(standIns)),
                        Disruptions.atRandomMoments(killsEach, window, schedule.nextLong(), disruptions.freeze(coordinator)));
            });
        } finally {
            app.stop();
            coordinator.stop();
            standIns.stop();
        }
    }

    /** DynamoDB Local and the local SQS server (on disk under {@code work}) as a process of their own. */
    static JavaProcess standIns(Path work, int dynamoDbPort, int sqsPort) {
        Map<String, String> settings = new TreeMap<>(dynamoDbSettings(work, dynamoDbPort));
        settings.putAll(sqsSettings(work, sqsPort));
        return new JavaProcess("stand-ins", "local.StandIns", settings, Map.of(), work.resolve("stand-ins.log"), sqsPort);
    }

    /** DynamoDB Local alone, on disk under {@code work}. */
    static JavaProcess dynamoDbStandIn(Path work, int port) {
        Map<String, String> settings = new TreeMap<>(dynamoDbSettings(work, port));
        settings.put("local.stand-ins", "dynamodb");
        return new JavaProcess("dynamodb", "local.StandIns", settings, Map.of(), work.resolve("dynamodb.log"), port);
    }

    /** The local SQS server alone, on disk under {@code work}. */
    static JavaProcess sqsStandIn(Path work, int port) {
        Map<String, String> settings = new TreeMap<>(sqsSettings(work, port));
        settings.put("local.stand-ins", "sqs");
        return new JavaProcess("sqs", "local.StandIns", settings, Map.of(), work.resolve("sqs.log"), port);
    }

    private static Map<String, String> dynamoDbSettings(Path work, int port) {
        return Map.of("local.dynamodb.port", Integer.toString(port), "local.dynamodb.data-dir", work.resolve("dynamodb").toString());
    }

    private static Map<String, String> sqsSettings(Path work, int port) {
        return Map.of("local.sqs.port", Integer.toString(port), "local.sqs.data-dir", work.resolve("sqs").toString());
    }

    /** A standalone coordinator (lra-coordinator/) on a free port, its log under {@code work}, recovering every 5 s. */
    static JavaProcess coordinator(String name, Path work) throws IOException {
        return coordinator(name, work, Map.of());
    }

    /** The same with settings of its log's store ({@code store}: none for the journal under {@code work}). */
    static JavaProcess coordinator(String name, Path work, Map<String, String> store) throws IOException {
        int port = RunningApp.freePort();
        Map<String, String> settings = new TreeMap<>(Map.of(
                "LRA_PORT", Integer.toString(port), "LRA_DATA_DIR", work.resolve(name).toString(),
                "LRA_RECOVERY_PERIOD_SECONDS", "5", "LRA_RECOVERY_BACKOFF_SECONDS", "1"));
        settings.putAll(store);
        return new JavaProcess(name, "coordinator.LraCoordinatorServer", Map.of(), settings, work.resolve(name + ".log"), port);
    }

    /** The one-process default run (coordinator, DynamoDB Local and the SQS server in the app's JVM, on disk), killed -9 twice. */
    static Result oneProcess(int orderCount, long seed, Path work) throws Exception {
        Instant started = Instant.now();
        int appPort = RunningApp.freePort();
        int coordinatorPort = RunningApp.freePort();
        int dynamoDbPort = RunningApp.freePort();
        int sqsPort = RunningApp.freePort();
        Path inbox = Files.createDirectories(work.resolve("orders/inbox"));
        Map<String, String> settings = appSettings(appPort, work);
        settings.putAll(Map.of(
                "coordinator.url", "http://127.0.0.1:" + coordinatorPort, "local.coordinator.port", Integer.toString(coordinatorPort),
                "local.coordinator.data-dir", work.resolve("lra-coordinator").toString(),
                "local.coordinator.recovery-period-seconds", "5", "local.coordinator.recovery-backoff-seconds", "1",
                "aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort, "aws.sqs.endpoint", "http://127.0.0.1:" + sqsPort,
                "callbacks.secret-file", work.resolve("callback-secret").toString()));
        settings.putAll(dynamoDbSettings(work, dynamoDbPort)); // the stand-ins in the app's JVM, as the stand-ins process runs them
        settings.putAll(sqsSettings(work, sqsPort));
        JavaProcess app = new JavaProcess("one-process", "local.LocalRun", settings, Map.of(), work.resolve("app.log"), appPort);

        app.start();
        try (DynamoDbClient db = dynamoDb(dynamoDbPort); SqsClient sqs = sqs(sqsPort)) {
            Disruptions disruptions = new Disruptions(db);
            return feedAndAudit(db, sqs, inbox, appPort, orderCount, seed, disruptions, started,
                    window -> List.of(Disruptions.atRandomMoments(2, window, seed * 17 + 3, disruptions.kill(app))));
        } finally {
            app.stop();
        }
    }

    /** The disruptions of a phase, given the window in which orders are fed. */
    interface Schedule {
        List<Callable<Void>> within(Duration window);
    }

    static Result feedAndAudit(DynamoDbClient db, SqsClient sqs, Path inbox, int appPort, int orderCount, long seed,
                                       Disruptions disruptions, Instant started, Schedule schedule) throws Exception {
        OrderFeed feed = new OrderFeed(orderCount, seed);
        setStock(db, OrderFeed.HOT_ITEM, Math.max(5, orderCount / 5));
        Map<String, Integer> initialStock = stockOfEveryItem(db);
        long pauseMillis = Long.getLong("feed.pause-ms", 40); // 25 orders a second unless a run asks for another pace
        Duration window = Duration.ofMillis(pauseMillis * orderCount).plusSeconds(10);
        List<Callable<Void>> planned = schedule.within(window);
        ExecutorService chaos = Executors.newFixedThreadPool(planned.size());
        List<Future<Void>> running = planned.stream().map(chaos::submit).toList();
        chaos.shutdown(); // they run on; no more come
        feed.send(sqs, sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl(), inbox, pauseMillis);
        for (Future<Void> disruption : running) {
            disruption.get(); // a disruption that failed fails the run: it did not test what it claims
        }

        List<String> orderIds = feed.orders().stream().map(OrderFeed.FedOrder::orderId).toList();
        Instant deadline = Instant.now().plus(SETTLE_LIMIT);
        Audit audit = new Audit(db, orderIds, initialStock);
        while ((audit.stranded > 0 || audit.lost > 0) && Instant.now().isBefore(deadline)) {
            Thread.sleep(2000);
            audit = new Audit(db, orderIds, initialStock);
        }
        compareWithStatusApi(appPort, db, orderIds, audit);
        audit.checkPublished(PublishedEvents.drain(db, sqs, deadline.plus(EventOutbox.LEASE)));
        return new Result(List.of(audit), disruptions.kills(), disruptions.inflightAtKills(), List.copyOf(disruptions.problems()),
                Duration.between(started, Instant.now()).toSeconds());
    }

    /** The app's settings common to both phases: short time limits, quick sweeps, no console, no rate limit to speak of. */
    static Map<String, String> appSettings(int appPort, Path work) {
        return new TreeMap<>(Map.ofEntries(
                Map.entry("app.port", Integer.toString(appPort)),
                Map.entry("app.public-url", "http://127.0.0.1:" + appPort),
                Map.entry("console.enabled", "false"),
                Map.entry("orders.inbox", work.resolve("orders/inbox").toString()),
                Map.entry("orders.processed", work.resolve("orders/processed").toString()),
                Map.entry("orders.rejected", work.resolve("orders/rejected").toString()),
                Map.entry("saga.timeout", "10s"),
                Map.entry("saga.stranded-after-seconds", "30"),
                Map.entry("saga.stranded-check-period-ms", "5000"),
                Map.entry("queues.visibility-timeout-seconds", "20"),
                Map.entry("saga.compensation.max-retries", "3"),
                Map.entry("saga.compensation.retry-delay-ms", "100"),
                Map.entry("api.requests-per-second", "100000"),
                Map.entry("api.burst", "100000")));
    }

    /** A secret made up for the run: the coordinator is a process of its own, so the app needs one given. */
    static String callbackSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Clients that give up on a frozen or killed stand-in quickly, and try again. */
    static DynamoDbClient dynamoDb(int port) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(LOCAL).overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(3))).build();
    }

    static SqsClient sqs(int port) {
        return SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(LOCAL).overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofSeconds(3))).build();
    }

    /** The status API must agree with the table for every order. */
    private static void compareWithStatusApi(int appPort, DynamoDbClient db, List<String> orderIds, Audit audit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String orderId : orderIds) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/api/orders/" + orderId))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Map<String, AttributeValue> row = db.getItem(r -> r.tableName("orders").key(Map.of("order_id", AttributeValue.fromS(orderId)))).item();
            Matcher status = STATUS.matcher(answer.body());
            String api = answer.statusCode() == 200 && status.find() ? status.group(1) : "HTTP " + answer.statusCode();
            String table = row == null || row.isEmpty() ? "HTTP 404" : row.get("status").s();
            if (!api.equals(table)) {
                audit.problems.add(orderId + ": the status API says " + api + ", the table " + table);
            }
        }
    }

    private static void setStock(DynamoDbClient db, String itemId, int units) {
        db.updateItem(r -> r.tableName("inventory").key(Map.of("item_id", AttributeValue.fromS(itemId)))
                .updateExpression("SET stock = :units").expressionAttributeValues(Map.of(":units", AttributeValue.fromN(Integer.toString(units)))));
    }

    private static Map<String, Integer> stockOfEveryItem(DynamoDbClient db) {
        Map<String, Integer> stock = new TreeMap<>();
        db.scanPaginator(r -> r.tableName("inventory").consistentRead(true)).items()
                .forEach(row -> stock.put(row.get("item_id").s(), Integer.parseInt(row.get("stock").n())));
        return stock;
    }
}
