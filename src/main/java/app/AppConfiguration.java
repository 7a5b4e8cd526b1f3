package app;

import domain.FaultInjector;
import domain.OrderReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import routes.OrderRedrive;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import store.EventOutbox;
import store.HistoryRepository;
import store.InventoryRepository;
import store.OrderRepository;
import store.OrderStatusQuery;
import store.OrdersTakenIn;
import store.PaymentRepository;
import store.QueueBacklog;
import store.QueueSetup;
import store.Rejections;
import store.SagaJournal;
import store.TableSetup;
import store.Tables;
import view.SagaView;

/** The beans the routes call: repositories on one DynamoDB client, the SQS client, the order reader, fault injection. */
@Configuration
public class AppConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AppConfiguration.class);
    /** How long a replica starting beside a restarting DynamoDB or SQS waits for it. */
    private static final Duration SETUP_WAIT = Duration.ofMinutes(2);

    @PropertyInject("aws.region")
    private String region;
    @PropertyInject(value = "aws.dynamodb.endpoint", defaultValue = "")
    private String dynamoDbEndpoint;
    @PropertyInject("aws.dynamodb.attempt-timeout-ms")
    private long dynamoDbAttemptTimeoutMs;
    @PropertyInject(value = "aws.sqs.endpoint", defaultValue = "")
    private String sqsEndpoint;
    @PropertyInject("queues.orders")
    private String ordersQueue;
    @PropertyInject("queues.orders-dlq")
    private String ordersDeadLetterQueue;
    @PropertyInject("queues.events")
    private String eventsQueue;
    @PropertyInject("queues.alerts")
    private String alertsQueue;
    @PropertyInject("queues.max-receives")
    private int maxReceives;
    @PropertyInject("queues.visibility-timeout-seconds")
    private int visibilityTimeoutSeconds;
    @PropertyInject("queues.create")
    private boolean createQueues;
    @PropertyInject("queues.max-backlog")
    private long maxBacklog;
    @PropertyInject(value = "aws.access-key-id", defaultValue = "")
    private String accessKeyId;
    @PropertyInject(value = "aws.secret-access-key", defaultValue = "")
    private String secretAccessKey;
    @PropertyInject("tables.orders")
    private String ordersTable;
    @PropertyInject("tables.payments")
    private String paymentsTable;
    @PropertyInject("tables.inventory")
    private String inventoryTable;
    @PropertyInject("tables.reservations")
    private String reservationsTable;
    @PropertyInject("tables.history")
    private String historyTable;
    @PropertyInject("tables.outbox")
    private String outboxTable;
    @PropertyInject("tables.create")
    private boolean createTables;
    @PropertyInject("tables.catalog")
    private String catalog;
    @PropertyInject("orders.max-bytes")
    private int maxOrderBytes;
    @PropertyInject("faults.enabled")
    private boolean faultsEnabled;

    private final Clock clock = Clock.systemUTC();

    @BindToRegistry(lazy = true)
    public DynamoDbClient dynamoDbClient() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(region))
                // A DynamoDB that hangs (cut off, frozen) fails the attempt and the SDK retries,
                // instead of each call waiting out the 30 s socket timeout.
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(Duration.ofMillis(dynamoDbAttemptTimeoutMs)));
        if (!dynamoDbEndpoint.isBlank()) {
            builder.endpointOverride(URI.create(dynamoDbEndpoint));
        }
        builder.credentialsProvider(credentials(dynamoDbEndpoint));
        return builder.build();
    }

    /** The client of the camel-aws2-sqs endpoints (the only SqsClient, so they pick it up). */
    @BindToRegistry(lazy = true)
    public SqsClient sqsClient() {
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(region)).credentialsProvider(credentials(sqsEndpoint));
        if (!sqsEndpoint.isBlank()) {
            builder.endpointOverride(URI.create(sqsEndpoint));
        }
        return builder.build();
    }

    /**
     * Every timer (Camel's route timers: one route per saga step) publishes histogram buckets, so
     * p50/p99 per step can be computed from a scrape. Applies to the timers created after this.
     */
    private static void publishLatencyHistograms(CamelContext camelContext) {
        MeterRegistry metrics = camelContext.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        if (metrics == null) {
            throw new IllegalStateException("Camel's metrics registry is missing: is camel.metrics.enabled=true?");
        }
        metrics.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getType() == Meter.Type.TIMER
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        });
    }

    private void registerHealthChecks(CamelContext camelContext) {
        HealthCheckRegistry health = HealthCheckRegistry.get(camelContext);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        DynamoDbClient dynamoDb = camelContext.getRegistry().findSingleByType(DynamoDbClient.class);
        SqsClient sqs = camelContext.getRegistry().findSingleByType(SqsClient.class);
        health.register(new DependencyHealthCheck("lra-coordinator", () -> {
            int status = http.send(HttpRequest.newBuilder(URI.create(coordinatorUrl + "/lra-coordinator/0_health/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 500) {
                throw new IllegalStateException("the coordinator answered " + status);
            }
            return status;
        }));
        health.register(new DependencyHealthCheck("dynamodb", () -> dynamoDb.describeTable(r -> r.tableName(ordersTable))));
        health.register(new DependencyHealthCheck("sqs", () -> sqs.getQueueUrl(r -> r.queueName(ordersQueue))));
    }

    /** Given keys; else dummy ones for a local stand-in; else AWS's default chain (environment, profile, role). */
    private AwsCredentialsProvider credentials(String endpoint) {
        if (!accessKeyId.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
        }
        if (!endpoint.isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @BindToRegistry(lazy = true)
    public Tables tables() {
        return new Tables(ordersTable, paymentsTable, inventoryTable, reservationsTable, historyTable, outboxTable);
    }

    @BindToRegistry(lazy = true)
    public EventOutbox eventOutbox(DynamoDbClient db, HistoryRepository history) {
        return new EventOutbox(db, outboxTable, history, clock);
    }

    @BindToRegistry(lazy = true)
    public OrderRepository orderRepository(DynamoDbClient db, EventOutbox outbox, HistoryRepository history) {
        return new OrderRepository(db, ordersTable, outbox, history, clock);
    }

    @BindToRegistry(lazy = true)
    public PaymentRepository paymentRepository(DynamoDbClient db, HistoryRepository history) {
        return new PaymentRepository(db, paymentsTable, history, clock);
    }

    @BindToRegistry(lazy = true)
    public InventoryRepository inventoryRepository(DynamoDbClient db, HistoryRepository history) {
        return new InventoryRepository(db, inventoryTable, reservationsTable, history, clock);
    }

    @BindToRegistry(lazy = true)
    public HistoryRepository historyRepository(DynamoDbClient db) {
        return new HistoryRepository(db, historyTable, clock);
    }

    @BindToRegistry(lazy = true)
    public SagaJournal sagaJournal(HistoryRepository history, OrderRepository orders) {
        return new SagaJournal(history, orders);
    }

    @BindToRegistry(lazy = true)
    public OrderRedrive orderRedrive(OrderRepository orders, SagaJournal journal) {
        return new OrderRedrive(orders, journal);
    }

    @BindToRegistry(lazy = true)
    public OrderStatusQuery orderStatusQuery(OrderRepository orders, HistoryRepository history) {
        return new OrderStatusQuery(orders, history);
    }

    @BindToRegistry("countRetry")
    public RetryCounter retryCounter() {
        return new RetryCounter();
    }

    @BindToRegistry(lazy = true)
    public SagaView sagaView() {
        return new SagaView();
    }

    @BindToRegistry(lazy = true)
    public QueueBacklog queueBacklog(SqsClient sqs) {
        return new QueueBacklog(sqs, ordersQueue, maxBacklog, clock);
    }

    @BindToRegistry(lazy = true)
    public OrdersTakenIn ordersTakenIn() {
        return new OrdersTakenIn();
    }

    @BindToRegistry(lazy = true)
    public Rejections rejections() {
        return new Rejections();
    }

    @BindToRegistry(lazy = true)
    public OrderReader orderReader() {
        return new OrderReader(maxOrderBytes);
    }

    /** On in the local default run; never against real AWS (no endpoint override). */
    @BindToRegistry(lazy = true)
    public FaultInjector faultInjector() {
        boolean realAws = dynamoDbEndpoint.isBlank();
        if (faultsEnabled && realAws) {
            LOG.warn("faults.enabled is ignored: the app is pointed at real AWS, so no failure is injected");
        }
        FaultInjector injector = new FaultInjector(faultsEnabled && !realAws);
        if (injector.isEnabled()) {
            LOG.warn("Fault injection is ON: order ids starting with 1, 11, 2, 22, 3 or 33 fail on purpose"
                    + " (see README, 'Failure scenarios'); set faults.enabled=false to turn it off");
        }
        return injector;
    }

    @PropertyInject("coordinator.url")
    private String coordinatorUrl;

    @Override
    public void configure(CamelContext camelContext) {
        registerHealthChecks(camelContext);
        publishLatencyHistograms(camelContext);
        if (createTables) {
            TableSetup setup = new TableSetup(camelContext.getRegistry().findSingleByType(DynamoDbClient.class), tables());
            UntilReachable.run("create the tables", SETUP_WAIT, () -> {
                setup.createMissingTables();
                setup.stockInventoryIfEmpty(catalog);
            });
        }
        if (createQueues) {
            QueueSetup setup = new QueueSetup(camelContext.getRegistry().findSingleByType(SqsClient.class));
            UntilReachable.run("create the queues", SETUP_WAIT, () -> {
                setup.createInputQueue(ordersQueue, ordersDeadLetterQueue, maxReceives, visibilityTimeoutSeconds);
                setup.createQueue(eventsQueue);
                setup.createQueue(alertsQueue);
            });
        }
    }
}
