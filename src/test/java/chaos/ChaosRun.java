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
 * The chaos test (scripts/chaos.sh): the app, a standalone coordinator and the stand-ins for
 * DynamoDB and SQS run as three processes; orders go in through the queue and the folder while, at
 * moments a seed picks, the app and the coordinator are killed -9 and started again, and the
 * stand-ins and the coordinator are frozen for a few seconds (unreachable). Then the tables must
 * show every order finished, money and stock conserved, and every outcome event must be on the events queue.
 */
public final class ChaosRun {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(4);

    private ChaosRun() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long seed = Long.getLong("chaos.seed", 42);
        int kills = Integer.getInteger("chaos.kills", Math.max(2, orders / 250));
        Files.createDirectories(Path.of("target"));
        Result result = run(orders, seed, kills, Files.createTempDirectory(Path.of("target"), "chaos-"));
        result.audit().problems.stream().limit(50).forEach(problem -> System.out.println("PROBLEM " + problem));
        System.out.println("chaos: orders by status " + result.audit().byStatus + "; logs in target/chaos-*/");
        System.out.println(result.line());
        System.exit(result.audit().passed() ? 0 : 1);
    }

    record Result(Audit audit, long seconds) {
        String line() {
            return "CHAOS orders=%d terminal=%d lost=%d stranded=%d double_debits=%d negative_stock=%d unpublished=%d seconds=%d"
                    .formatted(audit.orders, audit.terminal, audit.lost, audit.stranded, audit.doubleDebits, audit.negativeStock,
                            audit.unpublished, seconds);
        }
    }

    static Result run(int orderCount, long seed, int killsEach, Path work) throws Exception {
        Instant started = Instant.now();
        int appPort = RunningApp.freePort();
        int coordinatorPort = RunningApp.freePort();
        int dynamoDbPort = RunningApp.freePort();
        int sqsPort = RunningApp.freePort();
        Path inbox = Files.createDirectories(work.resolve("orders/inbox"));
        JavaProcess standIns = new JavaProcess("stand-ins", "local.StandIns", Map.of(
                "local.dynamodb.port", Integer.toString(dynamoDbPort), "local.dynamodb.data-dir", work.resolve("dynamodb").toString(),
                "local.sqs.port", Integer.toString(sqsPort), "local.sqs.data-dir", work.resolve("sqs").toString()),
                Map.of(), work.resolve("stand-ins.log"), sqsPort);
        JavaProcess coordinator = new JavaProcess("coordinator", "coordinator.LraCoordinatorServer", Map.of(), Map.of(
                "LRA_PORT", Integer.toString(coordinatorPort), "LRA_DATA_DIR", work.resolve("lra-coordinator").toString(),
                "LRA_RECOVERY_PERIOD_SECONDS", "5", "LRA_RECOVERY_BACKOFF_SECONDS", "1"),
                work.resolve("coordinator.log"), coordinatorPort);
        Map<String, String> appSettings = new TreeMap<>(Map.ofEntries(
                Map.entry("app.port", Integer.toString(appPort)),
                Map.entry("app.public-url", "http://127.0.0.1:" + appPort),
                Map.entry("coordinator.url", "http://127.0.0.1:" + coordinatorPort),
                Map.entry("aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort),
                Map.entry("aws.sqs.endpoint", "http://127.0.0.1:" + sqsPort),
                Map.entry("local.dynamodb.enabled", "false"), Map.entry("local.sqs.enabled", "false"),
                Map.entry("local.coordinator.enabled", "false"), Map.entry("console.enabled", "false"),
                Map.entry("orders.inbox", inbox.toString()),
                Map.entry("orders.processed", work.resolve("orders/processed").toString()),
                Map.entry("orders.rejected", work.resolve("orders/rejected").toString()),
                Map.entry("saga.timeout", "10s"),
                Map.entry("saga.stranded-after-seconds", "45"),
                Map.entry("saga.stranded-check-period-ms", "5000"),
                Map.entry("queues.visibility-timeout-seconds", "20"),
                Map.entry("saga.compensation.max-retries", "3"),
                Map.entry("saga.compensation.retry-delay-ms", "100")));
        // the secret in the environment, not on the command line where ps shows it
        JavaProcess app = new JavaProcess("app", "app.OrderSagaApplication", appSettings, Map.of("CALLBACKS_SECRET", callbackSecret()),
                work.resolve("app.log"), appPort);

        standIns.start();
        coordinator.start();
        app.start();
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamoDbPort))
                .region(Region.US_EAST_1).credentialsProvider(LOCAL).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.US_EAST_1).credentialsProvider(LOCAL).build()) {
            OrderFeed feed = new OrderFeed(orderCount, seed);
            setStock(db, OrderFeed.HOT_ITEM, Math.max(5, orderCount / 5));
            Map<String, Integer> initialStock = stockOfEveryItem(db);
            long pauseMillis = 40;
            Duration feedTime = Duration.ofMillis(pauseMillis * orderCount);
            Random schedule = new Random(seed * 31 + 7);
            Duration window = feedTime.plusSeconds(10);
            ExecutorService chaos = Executors.newFixedThreadPool(4);
            List<Future<Void>> disruptions = List.of(
                    chaos.submit(atRandomMoments(killsEach, window, schedule.nextLong(), kill(app))),
                    chaos.submit(atRandomMoments(killsEach, window, schedule.nextLong(), kill(coordinator))),
                    chaos.submit(atRandomMoments(killsEach, window, schedule.nextLong(), freeze(standIns))),
                    chaos.submit(atRandomMoments(killsEach, window, schedule.nextLong(), freeze(coordinator))));
            chaos.shutdown(); // they run on; no more come
            feed.send(sqs, sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl(), inbox, pauseMillis);
            for (Future<Void> disruption : disruptions) {
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
            return new Result(audit, Duration.between(started, Instant.now()).toSeconds());
        } finally {
            app.stop();
            coordinator.stop();
            standIns.stop();
        }
    }

    /** A secret made up for the run: the coordinator is a process of its own, so the app needs one given. */
    private static String callbackSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static final StaticCredentialsProvider LOCAL = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /** Kills the process -9, then starts it again 0.5 to 2.5 s later. */
    private static Disruption kill(JavaProcess process) {
        return (random, at) -> {
            process.kill();
            System.out.println("chaos: killed -9 " + process.name() + " at " + at + " ms");
            Thread.sleep(500 + random.nextInt(2000));
            process.start();
        };
    }

    /** Freezes the process for 3 to 12 s (longer than one DynamoDB attempt may take): unreachable for a while, its calls hanging rather than refused. */
    private static Disruption freeze(JavaProcess process) {
        return (random, at) -> {
            long millis = 3000 + random.nextInt(9000);
            System.out.println("chaos: froze " + process.name() + " for " + millis + " ms at " + at + " ms");
            process.freeze(Duration.ofMillis(millis));
        };
    }

    /** What happens to a process at a chaos moment; {@code at} is the moment, in ms from the start. */
    private interface Disruption {
        void apply(Random random, long at) throws IOException, InterruptedException;
    }

    /** Applies the disruption {@code times} times, at moments within the window that the seed picks. */
    private static Callable<Void> atRandomMoments(int times, Duration window, long seed, Disruption disruption) {
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
