package local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * DynamoDB Local and the local SQS server in a process of their own, for running the app and the
 * coordinator as separate processes (scripts/chaos.sh): {@code java -cp ... local.StandIns}.
 * Settings are the app's own keys, as -D system properties: local.dynamodb.host, .port, .data-dir,
 * .in-memory and local.sqs.host, .port, .data-dir.
 */
public final class StandIns {

    private StandIns() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb(setting("local.dynamodb.host", "127.0.0.1"),
                Integer.parseInt(setting("local.dynamodb.port", "8000")), Path.of(setting("local.dynamodb.data-dir", "data/dynamodb")),
                Boolean.parseBoolean(setting("local.dynamodb.in-memory", "false")));
        dynamoDb.start();
        EmbeddedSqs sqs = new EmbeddedSqs(setting("local.sqs.host", "127.0.0.1"), Integer.parseInt(setting("local.sqs.port", "9324")),
                Path.of(setting("local.sqs.data-dir", "data/sqs")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (sqs; dynamoDb) {
                stopped.countDown();
            } catch (Exception e) {
                System.err.println("Stand-ins did not stop cleanly: " + e.getMessage());
            }
        }));
        System.out.println("Stand-ins ready: DynamoDB Local on " + setting("local.dynamodb.port", "8000")
                + ", SQS on " + setting("local.sqs.port", "9324"));
        stopped.await();
    }

    private static String setting(String key, String defaultValue) {
        return System.getProperty(key, defaultValue);
    }
}
