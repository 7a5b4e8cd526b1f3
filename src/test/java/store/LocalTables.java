package store;

import app.RunningApp;
import domain.Order;
import domain.OrderItem;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import local.EmbeddedDynamoDb;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local in memory with the app's tables, for tests of the repositories without the rest of the app. */
final class LocalTables implements AutoCloseable {

    private final EmbeddedDynamoDb server;
    private final Clock clock = Clock.systemUTC();
    final Retention retention = new Retention(java.time.Duration.ofDays(30), clock);
    final DynamoDbClient db;
    final Tables names = new Tables("orders", "payments", "inventory", "reservations", "order-history", "order-outbox",
            "redrive-jobs");
    final HistoryRepository history;
    final EventOutbox outbox;
    final OrderRepository orders;

    LocalTables() throws Exception {
        int port = RunningApp.freePort();
        server = new EmbeddedDynamoDb("127.0.0.1", port, null, true);
        server.start();
        db = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        new TableSetup(db, names).createMissingTables();
        history = new HistoryRepository(db, names.history(), clock, retention);
        outbox = new EventOutbox(db, names.outbox(), history, clock);
        orders = anotherReplica();
    }

    /** The order repository of another replica: the same tables, nothing remembered. */
    OrderRepository anotherReplica() {
        return new OrderRepository(db, names.orders(), outbox, history, new SagaDecisions(db, history, clock), clock, retention, "test");
    }

    /** An order of one unit of catalog item 1. */
    static Order order(String orderId) {
        return new Order(orderId, "2026-12-02T10:00:00Z", "customer-1", List.of(new OrderItem("1", 1, "Item 1", new BigDecimal("9.99"))));
    }

    @Override
    public void close() throws Exception {
        db.close();
        server.close();
    }
}
