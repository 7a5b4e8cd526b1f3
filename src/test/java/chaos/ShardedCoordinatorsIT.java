package chaos;

import app.OrderJson;
import app.RunningApp;
import domain.Order;
import domain.OrderReader;
import domain.Participant;
import domain.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import store.InventoryRepository;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;
import store.SagaJournal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Coordinator shards: a replica starts its sagas on its own coordinator and serves the callbacks of
 * every coordinator listed in coordinator.urls, and of no other. The two other coordinators run as
 * processes of their own (Narayana's coordinator is one per JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedCoordinatorsIT {

    private JavaProcess listed;
    private JavaProcess unlisted;
    private String listedUrl;
    private String unlistedUrl;
    private RunningApp app;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "shards-");
        listed = ChaosRun.coordinator("listed", work);
        unlisted = ChaosRun.coordinator("unlisted", work);
        listed.start();
        unlisted.start();
        listedUrl = url(listed);
        unlistedUrl = url(unlisted);
        app = RunningApp.start(Map.of("coordinator.urls", "{{coordinator.url}}, " + listedUrl));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        listed.kill();
        unlisted.kill();
    }

    @Test
    @DisplayName("a saga of another listed coordinator: its close completes the order here (settled, stock sold)")
    void sagaOfAListedCoordinatorIsServed() {
        String orderId = "47000000-shard-listed";
        String lra = sagaOn(listedUrl, orderId, "506");
        assertThat(lra).startsWith(listedUrl);

        assertThat(app.endLra(lra, true)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> app.bean(OrderRepository.class).find(orderId).orElseThrow().status().name().equals("COMPLETED"));
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::state).containsExactly("SETTLED");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("CONFIRMED");
    }

    @Test
    @DisplayName("a saga of a coordinator not listed: its callbacks are refused and change nothing")
    void sagaOfAnUnlistedCoordinatorIsRefused() {
        String orderId = "47000000-shard-unlisted";
        String lra = sagaOn(unlistedUrl, orderId, "507");

        app.endLra(lra, true);

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> app.bean(OrderRepository.class).find(orderId).orElseThrow().status().name().equals("IN_PROGRESS"));
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::state).containsExactly("PENDING");
        assertThat(app.bean(InventoryRepository.class).findReservation(orderId).orElseThrow().state()).isEqualTo("RESERVED");
    }

    /** A running saga on the coordinator at {@code coordinatorUrl} whose three actions ran here, as the routes do. */
    private String sagaOn(String coordinatorUrl, String orderId, String itemId) {
        String lra = app.startLra(coordinatorUrl);
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, itemId, 1));
        for (Participant participant : Participant.values()) {
            app.join(lra, participant, orderId);
        }
        app.bean(OrderRepository.class).create(order, lra);
        app.bean(PaymentRepository.class).debit(order, lra);
        app.bean(InventoryRepository.class).reserve(order, lra);
        Step.ofServices(Step.Kind.ACTION).forEach(action -> app.bean(SagaJournal.class).succeeded(orderId, action, lra));
        return lra;
    }

    private static String url(JavaProcess coordinator) {
        return "http://127.0.0.1:" + coordinator.port();
    }
}
