package bench;

import com.sun.management.OperatingSystemMXBean;
import domain.Order;
import domain.OrderReader;
import domain.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.ExchangeBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import store.OrderRecord;
import store.OrderRepository;
import store.Tables;

/**
 * Concurrent callers that run order sagas as the intake does once it has read an order: the parsed
 * order into {@code direct:order-saga}, one saga after another per caller, each timed until its
 * saga has closed. Every order can be filled (two catalog items, one unit each).
 */
final class Callers {

    private static final long DONE_TIMEOUT_NANOS = 120_000_000_000L;

    private final CamelContext context;
    private final SagaMode mode;
    private final ProducerTemplate template;
    private final String coordinatorLras;
    private final OrderReader reader = new OrderReader(1 << 20);
    private final FloorWrites floor;
    private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    Callers(CamelContext context, SagaMode mode) {
        this.context = context;
        this.coordinatorLras = SagaMode.coordinatorLras(context);
        this.mode = mode;
        this.template = context.createProducerTemplate();
        this.floor = new FloorWrites(context.getRegistry().findSingleByType(DynamoDbClient.class),
                context.getRegistry().findSingleByType(Tables.class));
    }

    /** Runs {@code sagas} sagas named {@code label-N} on {@code callers} threads and measures them. */
    Measurement run(String label, int sagas, int callers) throws Exception {
        long[] latencies = new long[sagas];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        long completionsBefore = completionsRun();
        double outcomesBefore = outcomesPublished();
        Map<DynamoDbRequests.Path, DynamoDbRequests.Usage> dynamoDbBefore = DynamoDbRequests.snapshot();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        List<Future<Object>> running = pool.invokeAll(java.util.Collections.nCopies(callers, () -> {
            for (int i = next.getAndIncrement(); i < sagas; i = next.getAndIncrement()) {
                Order order = order(label + "-" + i, i);
                long began = System.nanoTime();
                runSaga(order);
                latencies[i] = System.nanoTime() - began;
            }
            return null;
        }));
        for (Future<Object> caller : running) {
            caller.get();
        }
        if (mode != SagaMode.FLOOR) {
            awaitSagasDone(completionsBefore + sagas, outcomesBefore + sagas);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = os.getProcessCpuTime() - cpuBefore;
        Map<DynamoDbRequests.Path, DynamoDbRequests.Usage> dynamoDb = new TreeMap<>();
        DynamoDbRequests.snapshot().forEach((path, after) -> dynamoDb.put(path, DynamoDbRequests.between(dynamoDbBefore.get(path), after)));
        pool.shutdown();
        Arrays.sort(latencies);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Measurement(mode, callers, sagas, seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
                cpu / 1e6 / sagas, heap / (1024.0 * 1024.0), notCompleted(label, sagas), dynamoDb);
    }

    /**
     * Waits until the last saga's completions have run and its outcome event is published. The
     * in-memory saga service runs completions on its own threads after the saga route has returned,
     * and the outbox relay publishes on its own timer: a run counts the sagas once all that is done.
     */
    private void awaitSagasDone(long completions, double outcomes) throws InterruptedException {
        long deadline = System.nanoTime() + DONE_TIMEOUT_NANOS;
        while ((completionsRun() < completions || outcomesPublished() < outcomes) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** How many outcome events the relay has published (the app's counter, read in memory). */
    private double outcomesPublished() {
        return context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class)
                .find("order.saga.outcomes").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** How many CompleteOrder completions the app has run (Camel's route statistics, read in memory). */
    private long completionsRun() {
        return context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("order-complete").getExchangesCompleted();
    }

    private void runSaga(Order order) {
        if (mode == SagaMode.FLOOR) {
            floor.run(order);
            return;
        }
        Exchange saga = exchange(order.orderId()).withBody(order).build();
        if (mode == SagaMode.NOSAGA) {
            saga.getIn().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, coordinatorLras + "nosaga-" + order.orderId());
        }
        send("direct:order-saga", saga);
        if (mode == SagaMode.NOSAGA) {
            List<String> completions = WithoutSaga.completions(saga);
            for (int i = completions.size() - 1; i >= 0; i--) {
                send(completions.get(i), exchange(order.orderId())
                        .withHeader(Exchange.SAGA_LONG_RUNNING_ACTION, saga.getIn().getHeader(Exchange.SAGA_LONG_RUNNING_ACTION)).build());
            }
        }
    }

    private ExchangeBuilder exchange(String orderId) {
        return ExchangeBuilder.anExchange(context).withHeader("orderId", orderId);
    }

    private void send(String uri, Exchange exchange) {
        template.send(uri, exchange);
        if (exchange.getException() != null) {
            throw new IllegalStateException("saga of " + exchange.getIn().getHeader("orderId") + " failed at " + uri, exchange.getException());
        }
    }

    /** Two catalog items (ids 1 to 999), one unit each, in the seed sample's JSON shape. */
    private Order order(String orderId, int n) {
        String json = """
                {"order_id": "%s", "order_date": "2018-10-19T10:50:16+08:00", "customer_id": "bench-customer",
                 "items": [{"item_id": "%d", "qty": 1, "description": "Bench item", "unit_price": 19.99},
                           {"item_id": "%d", "qty": 1, "description": "Bench item", "unit_price": 6.50}]}
                """.formatted(orderId, 1 + n % 999, 1 + (n + 500) % 999);
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private int notCompleted(String label, int sagas) {
        OrderRepository orders = context.getRegistry().findSingleByType(OrderRepository.class);
        int missing = 0;
        for (int i = 0; i < sagas; i++) {
            Optional<OrderRecord> order = orders.find(label + "-" + i);
            if (order.isEmpty() || order.get().status() != OrderStatus.COMPLETED) {
                missing++;
            }
        }
        return missing;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
