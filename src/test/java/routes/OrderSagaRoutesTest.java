package routes;

import app.AwsConfiguration;
import app.CallbackConfiguration;
import app.FaultConfiguration;
import app.RetryCounter;
import app.SagaCallbackEntry;
import app.StoreConfiguration;
import domain.MessageKeys;
import domain.Order;
import domain.OrderItem;
import domain.OrderStatus;
import domain.Step;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import local.EmbeddedDynamoDb;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.StartupSummaryLevel;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.HistoryEntry;
import store.HistoryRepository;
import store.InventoryRepository;
import store.OrderRecord;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;
import store.Reservation;

import static org.apache.camel.builder.Builder.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga's routes (the three services, the saga route, the callback gates) with the app's own beans
 * and DynamoDB Local in memory, on Camel's in-memory saga service instead of the LRA coordinator: no
 * coordinator, no HTTP server, no queue. Every compensation and completion passes the real callback
 * gate. Results are read from the tables.
 */
class OrderSagaRoutesTest extends CamelTestSupport {

    /** The coordinator the gate accepts sagas of. Nothing listens there: an in-process callback never asks it. */
    private static final String COORDINATOR = "http://127.0.0.1:1";
    /** The reservation state of an order that reserved nothing. */
    private static final String NO_RESERVATION = "none";

    private static EmbeddedDynamoDb dynamoDb;
    private static int dynamoDbPort;

    private InMemoryLraSagaService sagas;

    @BeforeAll
    static void startDynamoDb() throws Exception {
        dynamoDbPort = AvailablePortFinder.getNextAvailable();
        dynamoDb = new EmbeddedDynamoDb("127.0.0.1", dynamoDbPort, null, true);
        dynamoDb.start();
    }

    @AfterAll
    static void stopDynamoDb() throws Exception {
        dynamoDb.close();
    }

    @Test
    @DisplayName("no failure: order COMPLETED, debit settled, stock taken, reservation confirmed")
    void completes() {
        Exchange saga = runSaga(order("70000000-completes", "201", 2));

        assertThat(saga.getException()).isNull();
        assertThat(outcome("70000000-completes", "201"))
                .isEqualTo(new Outcome(OrderStatus.COMPLETED, List.of("Debit 21.98 SETTLED"), 998, "CONFIRMED"));
        assertThat(history("70000000-completes")).containsExactlyInAnyOrder("ProcessOrder SUCCEEDED", "ProcessPayment SUCCEEDED",
                "ReserveInventory SUCCEEDED", "ConfirmInventory SUCCEEDED", "SettlePayment SUCCEEDED", "CompleteOrder SUCCEEDED",
                "SagaClosed SUCCEEDED");
    }

    @Test
    @DisplayName("prefix 2: ProcessPayment fails, order CANCELLED, debit refunded, stock untouched")
    void paymentFails() {
        Exchange saga = runSaga(order("20000000-payment-fails", "202", 2));

        assertThat(saga.getException()).hasMessageContaining("ProcessPayment");
        assertThat(outcome("20000000-payment-fails", "202")) // refunded: nothing debited net
                .isEqualTo(new Outcome(OrderStatus.CANCELLED, List.of("Debit 21.98 PENDING", "Credit -21.98 null"), 1000, NO_RESERVATION));
        assertThat(history("20000000-payment-fails")).containsExactlyInAnyOrder("ProcessOrder SUCCEEDED", "ProcessPayment FAILED",
                "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED", "SagaCancelled SUCCEEDED");
    }

    @Test
    @DisplayName("prefix 33: ReserveInventory and ReleaseInventory fail, order COMPENSATION_FAILED, the other compensations ran")
    void releaseGivesUp() {
        runSaga(order("33000000-release-fails", "203", 2));

        assertThat(outcome("33000000-release-fails", "203")) // refunded; the stock is still reserved: the release is what failed
                .isEqualTo(new Outcome(OrderStatus.COMPENSATION_FAILED, List.of("Debit 21.98 PENDING", "Credit -21.98 null"), 998, "RESERVED"));
        assertThat(orders().find("33000000-release-fails").orElseThrow().failedStep()).isEqualTo("ReleaseInventory");
        assertThat(history("33000000-release-fails")).containsExactlyInAnyOrder("ProcessOrder SUCCEEDED", "ProcessPayment SUCCEEDED",
                "ReserveInventory FAILED", "ReleaseInventory FAILED", "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED",
                "SagaCancelled SUCCEEDED");
    }

    @Test
    @DisplayName("prefix 3: compensations repeated by the coordinator change nothing the second time")
    void repeatedCompensationsChangeNothing() throws Exception {
        runSaga(order("30000000-compensated-twice", "204", 3));
        OrderState compensated = state("30000000-compensated-twice", "204");
        assertThat(compensated.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(compensated.stock()).isEqualTo(1000);
        assertThat(compensated.reservation()).map(Reservation::state).contains("RELEASED");
        assertThat(compensated.ledger()).hasSize(2);

        NotifyBuilder endedAgain = sagaEnded();
        assertThat(sagas.compensateAgain(compensated.order().lraId()).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(endedAgain.matches(10, TimeUnit.SECONDS)).as("the end is reported again").isTrue();

        assertThat(state("30000000-compensated-twice", "204")).isEqualTo(compensated);
    }

    @Test
    @DisplayName("compensations of a saga that already completed are refused: the order stays COMPLETED, its debit settled")
    void lateCompensationsOfACompletedSagaAreRefused() throws Exception {
        runSaga(order("70000000-compensated-late", "205", 2));
        String sagaId = orders().find("70000000-compensated-late").orElseThrow().lraId();

        NotifyBuilder endedAgain = sagaEnded();
        sagas.compensateAgain(sagaId).get(10, TimeUnit.SECONDS);
        assertThat(endedAgain.matches(10, TimeUnit.SECONDS)).as("the end is reported again").isTrue();

        assertThat(outcome("70000000-compensated-late", "205"))
                .isEqualTo(new Outcome(OrderStatus.COMPLETED, List.of("Debit 21.98 SETTLED"), 998, "CONFIRMED"));
        assertThat(history("70000000-compensated-late")).contains("ReleaseInventory FAILED", "ProcessRefund FAILED", "UpdateOrderStatus FAILED")
                .doesNotContain("ReleaseInventory SUCCEEDED", "ProcessRefund SUCCEEDED", "UpdateOrderStatus SUCCEEDED");
    }

    @Test
    @DisplayName("a compensation of a saga under another coordinator is refused and leaves no marker")
    void foreignSagaIsRefused() {
        String foreign = "http://127.0.0.1:9/lra-coordinator/0_forged";
        Exchange answer = template.send(Step.PROCESS_REFUND.uri(), exchange -> {
            exchange.getMessage().setHeader(MessageKeys.ORDER_ID, "70000000-foreign");
            exchange.getMessage().setHeader(MessageKeys.LRA_ID, foreign);
        });

        assertThat(ledger("70000000-foreign")).isEmpty(); // no zero Credit marker
        assertThat(bean(HistoryRepository.class).list("70000000-foreign", null)).isEmpty();
        assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
    }

    // --- the context: the saga's routes and the app's beans ----------------------------------------

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        // not the HTTP entry of the end report (the coordinator's call: no server here), nor the stranded-saga sweep's timer
        configuration.withRouteFilterExcludePattern("rest:*,saga-stranded-sweep");
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.setStartupSummaryLevel(StartupSummaryLevel.Oneline);
        camel.getPropertiesComponent().setLocation("classpath:application.properties");
        camel.getPropertiesComponent().setOverrideProperties(settings());
        camel.getRegistry().bind("metricsRegistry", new SimpleMeterRegistry());
        camel.getRegistry().bind("countRetry", new RetryCounter());
        // the app's own beans, bound as Camel Main binds them
        List<CamelConfiguration> configurations = List.of(new AwsConfiguration(), new StoreConfiguration(), new FaultConfiguration(),
                new CallbackConfiguration());
        CamelBeanPostProcessor beans = PluginHelper.getBeanPostProcessor(camel);
        for (CamelConfiguration configuration : configurations) {
            beans.postProcessBeforeInitialization(configuration, configuration.getClass().getName());
            beans.postProcessAfterInitialization(configuration, configuration.getClass().getName());
        }
        for (CamelConfiguration configuration : configurations) {
            configuration.configure(camel); // creates the tables and stocks the catalog once
        }
        sagas = new InMemoryLraSagaService(camel.resolvePropertyPlaceholders("{{coordinator.url}}{{camel.lra.coordinator-context-path}}"));
        camel.addService(sagas);
        return camel;
    }

    private static Properties settings() {
        Properties settings = new Properties();
        settings.put("aws.dynamodb.endpoint", "http://127.0.0.1:" + dynamoDbPort);
        settings.put("coordinator.url", COORDINATOR);
        settings.put("callbacks.secret", "route-tests-callback-secret-0123456789");
        settings.put("saga.compensation.max-retries", "2");
        settings.put("saga.compensation.retry-delay-ms", "20");
        settings.put("saga.action.retry-delay-ms", "20");
        settings.put("tables.catalog", "routes/catalog.csv"); // items 201 to 205, 1,000 units each
        return settings;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] {new SagaErrorHandling(), new OrderSagaRoute(), new OrderServiceRoutes(), new PaymentServiceRoutes(),
                new InventoryServiceRoutes(), new SagaDecisionRoutes()};
    }

    // --- running a saga, reading its results ----------------------------------------------------

    private static Order order(String orderId, String itemId, int qty) {
        return new Order(orderId, "2026-12-03T10:00:00Z", "customer-1", List.of(new OrderItem(itemId, qty, "Item " + itemId, new BigDecimal("10.99"))));
    }

    /** Runs the order's saga as the intake does, and waits until its end has been reported and recorded. */
    private Exchange runSaga(Order order) {
        NotifyBuilder ended = sagaEnded();
        Exchange saga = template.send("direct:order-saga", exchange -> {
            exchange.getMessage().setHeader(MessageKeys.ORDER_ID, order.orderId());
            exchange.getMessage().setBody(order);
        });
        assertThat(ended.matches(10, TimeUnit.SECONDS)).as("the saga of order %s ended", order.orderId()).isTrue();
        return saga;
    }

    /** The end report answered as the coordinator is answered: not a copy the route runs a step on. */
    private NotifyBuilder sagaEnded() {
        return new NotifyBuilder(context).fromRoute(SagaCallbackEntry.ENDED_ROUTE).filter(body().isEqualTo("Ended")).whenDone(1).create();
    }

    /** What the saga left in every table. */
    private record OrderState(OrderRecord order, List<PaymentEntry> ledger, Optional<Reservation> reservation, int stock,
                              List<HistoryEntry> history) {
    }

    private OrderState state(String orderId, String itemId) {
        OrderRecord order = orders().find(orderId).orElseThrow();
        return new OrderState(order, bean(PaymentRepository.class).ledger(orderId), bean(InventoryRepository.class).findReservation(orderId),
                stock(itemId), bean(HistoryRepository.class).list(orderId, order.lraId()));
    }

    /** An order's business result: its status, its payments, its item's stock, its reservation. */
    private record Outcome(OrderStatus status, List<String> ledger, int stock, String reservation) {
    }

    private Outcome outcome(String orderId, String itemId) {
        return new Outcome(orders().find(orderId).orElseThrow().status(), ledger(orderId), stock(itemId),
                bean(InventoryRepository.class).findReservation(orderId).map(Reservation::state).orElse(NO_RESERVATION));
    }

    private OrderRepository orders() {
        return bean(OrderRepository.class);
    }

    private List<String> ledger(String orderId) {
        return bean(PaymentRepository.class).ledger(orderId).stream()
                .map(entry -> entry.paymentType() + " " + entry.amount().toPlainString() + " " + entry.state()).toList();
    }

    private int stock(String itemId) {
        return bean(InventoryRepository.class).stock(itemId).orElseThrow();
    }

    private List<String> history(String orderId) {
        OrderRecord order = orders().find(orderId).orElseThrow();
        return bean(HistoryRepository.class).list(orderId, order.lraId()).stream()
                .map(entry -> entry.step().displayName() + " " + entry.outcome()).toList();
    }

    private <T> T bean(Class<T> type) {
        return context.getRegistry().findSingleByType(type);
    }
}
