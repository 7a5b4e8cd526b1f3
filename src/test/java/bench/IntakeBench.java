package bench;

import app.OrderSagaApplication;
import app.RunningApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The two backlog intakes side by side (scripts/intake-bench.sh): ORDERS files dropped into the inbox
 * at once, then ORDERS messages sent to the input queue at once, each timed until every order is
 * COMPLETED. Same app, same JVM, DynamoDB Local in memory, a warm-up through the queue first.
 * Prints {@code INTAKE orders=N folder_seconds=F queue_seconds=Q folder_to_queue=R}.
 */
public final class IntakeBench {

    private IntakeBench() {
    }

    public static void main(String[] args) throws Exception {
        OrderSagaApplication.configureJvm();
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path home = Files.createTempDirectory("intake-bench");
        int exit = 0;
        try (RunningApp app = RunningApp.start(home, Map.of("local.dynamodb.in-memory", "true", "faults.enabled", "false",
                "console.enabled", "false", "tables.catalog", "bench-catalog.csv"), List.of())) {
            DynamoDbClient db = app.bean(DynamoDbClient.class);
            SqsClient sqs = app.bean(SqsClient.class);
            timeQueue(app, db, sqs, "warm", orders / 2);
            double folder = timeFolder(app, db, home, orders);
            double queue = timeQueue(app, db, sqs, "queue", orders);
            System.out.printf("INTAKE orders=%d folder_seconds=%.1f queue_seconds=%.1f folder_to_queue=%.2f%n", orders, folder, queue,
                    folder / queue);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit); // DynamoDB Local leaves a non-daemon thread behind
    }

    private static double timeFolder(RunningApp app, DynamoDbClient db, Path home, int orders) throws Exception {
        Path staging = Files.createDirectories(home.resolve("staging"));
        for (int i = 0; i < orders; i++) {
            Files.writeString(staging.resolve("file-" + i + ".json"), order("7-file-" + i, i), StandardCharsets.UTF_8);
        }
        int before = completed(db);
        Files.createDirectories(app.inbox());
        Instant start = Instant.now();
        for (int i = 0; i < orders; i++) {
            Files.move(staging.resolve("file-" + i + ".json"), app.inbox().resolve("file-" + i + ".json"));
        }
        return untilCompleted(db, before + orders, start);
    }

    private static double timeQueue(RunningApp app, DynamoDbClient db, SqsClient sqs, String name, int orders) throws Exception {
        String url = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
        int before = completed(db);
        Instant start = Instant.now();
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(order("7-" + name + "-" + i, i)).build());
            if (batch.size() == 10 || i == orders - 1) {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(batch);
                sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
                batch.clear();
            }
        }
        return untilCompleted(db, before + orders, start);
    }

    private static double untilCompleted(DynamoDbClient db, int target, Instant start) throws InterruptedException {
        while (completed(db) < target) {
            if (Duration.between(start, Instant.now()).toMinutes() > 30) {
                throw new IllegalStateException("orders did not complete in 30 minutes");
            }
            Thread.sleep(200);
        }
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    private static int completed(DynamoDbClient db) {
        return db.query(r -> r.tableName("orders").indexName("status-created_at").select(Select.COUNT)
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("COMPLETED")))).count();
    }

    /** One unit of one of the bench catalog's items. */
    private static String order(String orderId, int n) {
        return "{\"order_id\": \"%s\", \"order_date\": \"2018-10-19T10:50:16+08:00\", \"customer_id\": \"bench\", \"items\": [{\"item_id\": \"%d\", \"qty\": 1, \"unit_price\": 9.99}]}"
                .formatted(orderId, 1 + n % 999);
    }
}
