package local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * DynamoDB Local and the local SQS server in a process of their own, for running the app and the
 * coordinator as separate processes (scripts/chaos.sh): {@code java -cp ... local.StandIns}.
 * Settings are the app's own keys, as -D system properties: local.dynamodb.host, .port, .data-dir,
 * .in-memory and local.sqs.host, .port, .data-dir; local.stand-ins names the ones to run (default
 * "dynamodb,sqs"; the cluster run starts each alone to count its CPU apart).
 */
public final class StandIns {

    private StandIns() {
    }

    public static void main(String[] args) throws Exception {
        List<String> wanted = List.of(setting("local.stand-ins", "dynamodb,sqs").split(","));
        List<AutoCloseable> running = new ArrayList<>();
        if (wanted.contains("dynamodb")) {
            EmbeddedDynamoDb dynamoDb = new EmbeddedDynamoDb(setting("local.dynamodb.host", "127.0.0.1"),
                    Integer.parseInt(setting("local.dynamodb.port", "8000")), Path.of(setting("local.dynamodb.data-dir", "data/dynamodb")),
                    Boolean.parseBoolean(setting("local.dynamodb.in-memory", "false")));
            dynamoDb.start();
            running.add(0, dynamoDb); // the last started stops first
            System.out.println("Stand-in ready: DynamoDB Local on " + setting("local.dynamodb.port", "8000"));
        }
        if (wanted.contains("sqs")) {
            running.add(0, new EmbeddedSqs(setting("local.sqs.host", "127.0.0.1"), Integer.parseInt(setting("local.sqs.port", "9324")),
                    Path.of(setting("local.sqs.data-dir", "data/sqs"))));
            System.out.println("Stand-in ready: SQS on " + setting("local.sqs.port", "9324"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable standIn : running) {
                try {
                    standIn.close();
                } catch (Exception e) {
                    System.err.println("A stand-in did not stop cleanly: " + e.getMessage());
                }
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String setting(String key, String defaultValue) {
        return System.getProperty(key, defaultValue);
    }
}
