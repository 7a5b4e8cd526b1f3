package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.Order;
import domain.OrderReader;
import domain.SagaDecision;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Narayana 7.1 does wrong, and how the app copes (README, "Guarantees"). A recovery pass during
 * a saga with a time limit can make the coordinator cancel the saga at its deadline after it
 * completed: those compensations must be refused. And a saga the coordinator lost must not stay
 * IN_PROGRESS: the app cancels it.
 */
class CoordinatorHazardsTest extends RunningAppTest {

    private static final int ORDERS = 20;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.timeout", "5s", "saga.stranded-after-seconds", "15", "saga.stranded-check-period-ms", "500");
    }

    @Test
    @DisplayName("recovery passes forced while sagas run: the late compensations are refused, every order stays COMPLETED")
    void lateCompensationsAfterForcedRecoveryAreRefused() throws Exception {
        AtomicBoolean sagasRunning = new AtomicBoolean(true);
        Thread recoveryPasses = new Thread(() -> forceRecoveryPasses(sagasRunning));
        recoveryPasses.start();
        List<String> orderIds = IntStream.range(0, ORDERS).mapToObj(i -> "47000000-hazard-" + i).toList();
        ProducerTemplate producer = app.context().createProducerTemplate();
        // all at once, so that every recovery pass finds sagas running (one at a time, they are too quick)
        ExecutorService callers = Executors.newFixedThreadPool(ORDERS);
        try {
            for (Future<?> sent : callers.invokeAll(orderIds.stream().<Callable<Object>>map(orderId ->
                    () -> producer.requestBody("direct:order-intake", OrderJson.bytes(orderId, "401", 1))).toList())) {
                sent.get();
            }
        } finally {
            callers.shutdown();
            sagasRunning.set(false);
            recoveryPasses.join();
        }

        // the late compensations come at the sagas' deadlines
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> orderIds.stream().anyMatch(this::refusedACompensation));
        // and while the rest of them arrive, nothing is undone
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .until(() -> orderIds.stream().allMatch(orderId -> "COMPLETED".equals(status(orderId).get("status").asText())));
        for (String orderId : orderIds) {
            assertThat(status(orderId).get("status").asText()).as(orderId).isEqualTo("COMPLETED");
            assertThat(app.bean(PaymentRepository.class).ledger(orderId)).as(orderId)
                    .extracting(entry -> entry.paymentType() + " " + entry.state()).containsExactly("Debit SETTLED");
        }
        assertThat(app.bean(InventoryRepository.class).stock("401")).contains(1000 - ORDERS);
    }

    @Test
    @DisplayName("an order IN_PROGRESS long after its time limit is cancelled by the app: refunded, stock back")
    void strandedSagaIsCancelled() {
        String orderId = "47000000-stranded";
        String lra = app.startLra(); // no time limit: the coordinator would never end it
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, "501", 4));
        app.bean(OrderRepository.class).create(order, lra);
        app.bean(PaymentRepository.class).debit(orderId, order.total(), lra);
        app.bean(InventoryRepository.class).reserve(orderId, order.quantitiesByItem(), lra);
        assertThat(app.bean(InventoryRepository.class).stock("501")).contains(996);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> app.bean(OrderRepository.class).find(orderId).orElseThrow().status().name().equals("CANCELLED"));
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit", "Credit");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId).stream().map(PaymentEntry::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isZero();
        assertThat(app.bean(InventoryRepository.class).stock("501")).contains(1000);
        assertThat(status(orderId).get("history").findValuesAsText("step")).contains("SagaSwept");
    }

    @Test
    @DisplayName("an order left COMPENSATING by a saga its coordinator forgot is finished by the app: CANCELLED")
    void strandedCompensatingOrderIsFinished() {
        String orderId = "47000000-stranded-comp";
        String lra = app.startLra();
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, "502", 2));
        app.bean(OrderRepository.class).create(order, lra);
        app.bean(PaymentRepository.class).debit(orderId, order.total(), lra);
        app.bean(OrderRepository.class).decide(orderId, lra, SagaDecision.CANCELLED); // a first compensation came
        assertThat(status(orderId).get("status").asText()).isEqualTo("COMPENSATING");
        assertThat(app.endLra(lra, false)).isEqualTo(200); // no participant joined: the coordinator ends and forgets it

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "CANCELLED".equals(status(orderId).get("status").asText()));
        assertThat(app.bean(PaymentRepository.class).ledger(orderId).stream().map(PaymentEntry::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isZero();
        assertThat(status(orderId).get("history").findValuesAsText("step")).contains("SagaSwept");
    }

    private boolean refusedACompensation(String orderId) {
        return status(orderId).get("history").findValuesAsText("error").contains("refused: the saga already completed");
    }

    private void forceRecoveryPasses(AtomicBoolean sagasRunning) {
        String coordinator = app.context().getPropertiesComponent().resolveProperty("coordinator.url").orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        while (sagasRunning.get()) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(coordinator + "/lra-coordinator/recovery")).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private JsonNode status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId));
    }
}
