package app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import org.apache.camel.health.HealthCheckRegistry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import store.EventOutbox;
import store.OrderRepository;
import store.StatusCounts;
import view.SagaConsole;

/** What an operator watches: readiness checks of the coordinator, DynamoDB and SQS, the metrics, the saga view. */
@Configuration
public class ObservabilityConfiguration implements CamelConfiguration {

    @PropertyInject("coordinator.url")
    private String coordinatorUrl;
    @PropertyInject("tables.orders")
    private String ordersTable;
    @PropertyInject("queues.orders")
    private String ordersQueue;

    @BindToRegistry("countRetry")
    public RetryCounter retryCounter() {
        return new RetryCounter();
    }

    @BindToRegistry(lazy = true)
    public SagaGauges sagaGauges(OrderRepository orders, EventOutbox outbox, CamelContext context) {
        return new SagaGauges(orders, outbox, Clock.systemUTC(), context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class));
    }

    @BindToRegistry(lazy = true)
    public StatusCounts statusCounts(OrderRepository orders,
            @PropertyInject("console.counts-fresh-seconds") long freshSeconds,
            @PropertyInject("console.counts-settled-after-minutes") long settledAfterMinutes,
            @PropertyInject("console.counts-settled-recount-minutes") long recountMinutes) {
        return new StatusCounts(orders, Clock.systemUTC(), Duration.ofSeconds(freshSeconds), Duration.ofMinutes(settledAfterMinutes),
                Duration.ofMinutes(recountMinutes));
    }

    @BindToRegistry(lazy = true)
    public SagaConsole sagaConsole(OrderRepository orders, StatusCounts counts) {
        return new SagaConsole(orders, counts, Clock.systemUTC());
    }

    @Override
    public void configure(CamelContext camelContext) {
        registerHealthChecks(camelContext);
        publishLatencyHistograms(camelContext);
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
}
