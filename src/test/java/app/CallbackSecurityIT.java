package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.CallbackTokens;
import domain.MessageKeys;
import domain.Participant;
import domain.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import store.InventoryRepository;
import store.PaymentRepository;
import store.SagaDecisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only the saga's own coordinator can finish an order: callbacks are forged over HTTP against the
 * real coordinator and app, during and after sagas, and every one is refused (403) and changes
 * nothing. Each order ends as the coordinator decided.
 */
class CallbackSecurityIT extends WithRunningApp {

    private static final String SECRET = randomSecret();
    private static final String PREVIOUS = randomSecret();
    private static final CallbackTokens RETIRED = new CallbackTokens(randomSecret(), Optional.empty());
    /** A coordinator the app serves that nobody runs: its sagas' status cannot be asked. */
    private static final String UNREACHABLE = "http://127.0.0.1:" + unusedPort();
    private static final List<Participant> STEPS = List.of(Participant.ORDER, Participant.PAYMENT, Participant.INVENTORY);

    /** Outcome events taken off the queue so far, as "order status". */
    private final List<String> published = new ArrayList<>();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("callbacks.secret", SECRET, "callbacks.previous-secret", PREVIOUS,
                "coordinator.urls", "{{coordinator.url}}, " + UNREACHABLE);
    }

    @Test
    @DisplayName("forged callbacks while the saga runs and after it closed are refused; nothing changes; the order completes")
    void forgedCallbacksDuringAndAfterASagaThatCloses() {
        String orderId = "47000000-forge-close";
        String lra = app.runningSaga(orderId, "801", 2);
        State running = state(orderId, "801");
        double compensationsBefore = Metrics.of(app).value("order_saga_compensations_total");

        attack(orderId, lra, List.of("compensate", "complete"));

        assertThat(state(orderId, "801")).isEqualTo(running);
        assertThat(running.status()).isEqualTo("IN_PROGRESS");
        assertThat(app.endLra(lra, true)).isEqualTo(200);
        awaitStatus(orderId, "COMPLETED");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.lraStatus(lra).equals("HTTP 404"));
        State completed = state(orderId, "801");
        assertThat(completed.ledger()).containsExactly("Debit 52.98 SETTLED");
        assertThat(completed.reservation()).isEqualTo("CONFIRMED");
        assertThat(completed.stock()).isEqualTo(998);

        attack(orderId, lra, List.of("compensate"));
        // the coordinator's own callbacks, repeated (as after a lost answer), are answered and change nothing
        for (Participant participant : STEPS) {
            app.signedCallback("complete", participant, orderId, lra);
        }

        assertThat(state(orderId, "801")).isEqualTo(completed);
        assertThat(outcomeEvents(orderId)).containsExactly("COMPLETED");
        assertThat(Metrics.of(app).value("order_saga_compensations_total")).isEqualTo(compensationsBefore);
        for (Participant participant : STEPS) { // nothing an outsider reads shows a callback's token
            String token = app.tokens().sign(lra, orderId, participant);
            assertThat(app.get("/api/orders/" + orderId).body()).doesNotContain(token).doesNotContain(CallbackTokens.OPTION);
            assertThat(app.get("/orders/" + orderId).body()).doesNotContain(token).doesNotContain(CallbackTokens.OPTION);
        }
        assertThat(refusals("token")).isPositive();
        assertThat(refusals("decision")).isPositive();
        assertThat(refusals("parameters")).isPositive();
    }

    @Test
    @DisplayName("forged callbacks for a cancelled and for a parked order are refused and change nothing")
    void forgedCallbacksAfterCancelledAndParkedOrders() {
        for (String orderId : List.of("2c000000-forge-cancelled", "22c00000-forge-parked")) {
            app.dropInInbox(orderId + ".json", OrderJson.order(orderId, "802", 1));
        }
        String cancelledLra = awaitStatus("2c000000-forge-cancelled", "CANCELLED").get("lra_id").asText();
        String parkedLra = awaitStatus("22c00000-forge-parked", "COMPENSATION_FAILED").get("lra_id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.lraStatus(cancelledLra).equals("HTTP 404")
                && app.lraStatus(parkedLra).equals("HTTP 404"));
        State cancelled = state("2c000000-forge-cancelled", "802");
        State parked = state("22c00000-forge-parked", "802");
        double compensationsBefore = Metrics.of(app).value("order_saga_compensations_total");

        attack("2c000000-forge-cancelled", cancelledLra, List.of("complete"));
        attack("22c00000-forge-parked", parkedLra, List.of("complete"));
        for (Participant joined : List.of(Participant.ORDER, Participant.PAYMENT)) { // payment failed: inventory never joined
            app.signedCallback("compensate", joined, "2c000000-forge-cancelled", cancelledLra);
            app.signedCallback("compensate", joined, "22c00000-forge-parked", parkedLra);
        }

        assertThat(state("2c000000-forge-cancelled", "802")).isEqualTo(cancelled);
        assertThat(state("22c00000-forge-parked", "802")).isEqualTo(parked);
        assertThat(cancelled.ledger()).containsExactly("Debit 32.99 PENDING", "Credit -32.99 null");
        assertThat(parked.ledger()).containsExactly("Debit 32.99 PENDING");
        // the coordinator's own compensations, repeated, count no compensation twice
        assertThat(Metrics.of(app).value("order_saga_compensations_total")).isEqualTo(compensationsBefore);
        assertThat(outcomeEvents("2c000000-forge-cancelled")).containsExactly("CANCELLED");
        assertThat(outcomeEvents("22c00000-forge-parked")).containsExactly("COMPENSATION_FAILED");
    }

    @Test
    @DisplayName("while the secret rotates, URLs signed with the previous one still work, and are counted")
    void previousSecretAcceptedWhileRotating() {
        String orderId = "47000000-rotating";
        String lra = app.startLra();
        CallbackTokens previous = new CallbackTokens(PREVIOUS, Optional.empty());
        for (Participant participant : List.of(Participant.SAGA, Participant.ORDER, Participant.PAYMENT, Participant.INVENTORY)) {
            app.join(lra, participant, orderId, Optional.of(previous));
        }

        assertThat(app.endLra(lra, false)).isEqualTo(200);

        awaitStatus(orderId, "CANCELLED");
        await().atMost(Duration.ofSeconds(30)).until(() -> app.bean(PaymentRepository.class).ledger(orderId).size() == 1
                && app.bean(InventoryRepository.class).findReservation(orderId).isPresent());
        assertThat(Metrics.of(app).value("order_saga_callbacks_previous_secret_total")).isGreaterThanOrEqualTo(3);
    }

    @Test
    @DisplayName("a leaked compensation URL replayed while the coordinator closes the saga, before a completion is recorded, is refused;"
            + " the order completes")
    void leakedCompensationReplayedDuringTheClose() throws Exception {
        String orderId = "47000000-replay-close";
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        for (Step completion : Step.ofServices(Step.Kind.COMPLETION)) { // the first completion called waits, below Narayana's 2 s
            AdviceWith.adviceWith(app.context(), completion.route(),
                    route -> route.weaveByToString("To\\[direct:saga-completion-gate\\]").before().process(exchange -> {
                        if (orderId.equals(exchange.getMessage().getHeader(MessageKeys.ORDER_ID)) && first.getAndSet(false)) {
                            holding.countDown();
                            release.await(1500, TimeUnit.MILLISECONDS);
                        }
                    }));
        }
        String lra = app.runningSaga(orderId, "804", 1, Duration.ofSeconds(60));
        Thread close = new Thread(() -> app.endLra(lra, true));
        close.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        for (Participant participant : STEPS) {
            assertThat(app.signedCallback("compensate", participant, orderId, lra).statusCode()).as("%s", participant).isEqualTo(403);
        }
        release.countDown();
        close.join();

        awaitStatus(orderId, "COMPLETED");
        State completed = state(orderId, "804");
        assertThat(completed.ledger()).singleElement().asString().startsWith("Debit ").endsWith(" SETTLED");
        assertThat(completed.reservation()).isEqualTo("CONFIRMED");
    }

    @Test
    @DisplayName("while a saga's coordinator cannot be asked, its callbacks are answered 503 (called again later) and change nothing")
    void coordinatorUnreachable() {
        String orderId = "47000000-unreachable";
        String lra = UNREACHABLE + "/lra-coordinator/0_ffff7f000001_9_9_1";
        for (Participant participant : STEPS) {
            for (String action : List.of("compensate", "complete")) {
                assertThat(app.signedCallback(action, participant, orderId, lra).statusCode()).as("%s of %s", action, participant)
                        .isEqualTo(503);
            }
        }
        assertThat(app.get("/api/orders/" + orderId).statusCode()).isEqualTo(404);
        assertThat(app.bean(SagaDecisions.class).known(orderId, lra)).isEmpty();
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).isEmpty();
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId)).isEmpty();
    }

    /**
     * Every forgery against every participant and path: no token, a token of another order, of
     * another participant, of another saga, of a retired secret, a parameter twice, and the real
     * token itself on the paths given (a saga still running, or the path that contradicts how it ended).
     */
    private void attack(String orderId, String lra, List<String> realTokenRefusedOn) {
        String otherLra = app.startLra();
        for (Participant participant : List.of(Participant.ORDER, Participant.PAYMENT, Participant.INVENTORY, Participant.SAGA)) {
            Participant other = participant == Participant.ORDER ? Participant.PAYMENT : Participant.ORDER;
            String real = app.tokens().sign(lra, orderId, participant);
            for (String action : List.of("compensate", "complete")) {
                List<String> forged = new ArrayList<>(Arrays.asList(null, app.tokens().sign(lra, orderId + "0", participant),
                        app.tokens().sign(lra, orderId, other), app.tokens().sign(otherLra, orderId, participant),
                        RETIRED.sign(lra, orderId, participant)));
                if (realTokenRefusedOn.contains(action)) {
                    forged.add(real);
                }
                for (String token : forged) {
                    assertThat(app.callback(action, participant, orderId, lra, token).statusCode())
                            .as("%s of %s with token %s", action, participant, token).isEqualTo(403);
                }
                String url = SignedCallbacks.url(app.url(false), action, participant, orderId, real);
                assertThat(send(url + "&orderId=" + orderId, lra)).as("orderId twice").isEqualTo(403);
                assertThat(send(url + "&" + CallbackTokens.OPTION + "=x", lra)).as("token twice").isEqualTo(403);
            }
        }
        // the report that the saga has ended: forged, or (while the saga runs) the real one
        List<String> endForgeries = new ArrayList<>(Arrays.asList(null, app.tokens().sign(lra, orderId + "0", Participant.SAGA),
                app.tokens().sign(lra, orderId, Participant.ORDER), app.tokens().sign(otherLra, orderId, Participant.SAGA),
                RETIRED.sign(lra, orderId, Participant.SAGA)));
        if (realTokenRefusedOn.size() == 2) { // the saga still runs
            endForgeries.add(app.tokens().sign(lra, orderId, Participant.SAGA));
        }
        for (String token : endForgeries) {
            for (String status : List.of("Closed", "Cancelled")) {
                assertThat(app.endedCallback(orderId, lra, token, status).statusCode()).as("ended %s with token %s", status, token).isEqualTo(403);
            }
        }
        assertThat(app.endLra(otherLra, false)).isEqualTo(200);
    }

    private int send(String url, String lra) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Long-Running-Action", lra)
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a callback could change: status, history, ledger, reservation, stock. */
    private record State(String status, List<String> history, List<String> ledger, String reservation, int stock) {
    }

    private State state(String orderId, String itemId) {
        JsonNode order = OrderJson.parse(app.get("/api/orders/" + orderId));
        List<String> history = new ArrayList<>();
        order.get("history").forEach(entry -> history.add(entry.get("step").asText() + " " + entry.get("outcome").asText()));
        List<String> ledger = app.bean(PaymentRepository.class).ledger(orderId).stream()
                .map(entry -> entry.paymentType() + " " + entry.amount().toPlainString() + " " + entry.state()).toList();
        String reservation = app.bean(InventoryRepository.class).findReservation(orderId).map(r -> r.state()).orElse("none");
        return new State(order.get("status").asText(), history, ledger, reservation,
                app.bean(InventoryRepository.class).stock(itemId).orElseThrow());
    }

    private JsonNode awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> status.equals(OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText()));
        return OrderJson.parse(app.get("/api/orders/" + orderId));
    }

    /**
     * The outcome events published for the order (as their statuses), once one has come and the queue
     * then stayed quiet for a while; the events of other orders are kept for their own tests.
     */
    private List<String> outcomeEvents(String orderId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
            QueueDrain.drain(app.bean(SqsClient.class), "order-events", 0)
                    .forEach(event -> published.add(event.get("order_id").asText() + " " + event.get("status").asText()));
        } while (published.stream().noneMatch(event -> event.startsWith(orderId + " ")) && System.nanoTime() < deadline);
        return published.stream().filter(event -> event.startsWith(orderId + " ")).map(event -> event.substring(orderId.length() + 1)).toList();
    }

    private double refusals(String reason) {
        return Metrics.of(app).value("order_saga_callbacks_refused_total", "reason=\"" + reason + "\"");
    }

    private static int unusedPort() {
        try {
            return RunningApp.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
