package chaos;

import app.RunningApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static chaos.TestParticipant.at;
import static chaos.TestParticipant.send;
import static chaos.TestParticipant.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Two coordinators on one log in PostgreSQL: the second one waits while the first holds the log's
 * lock, and takes over once the first is gone; a first one that lost its lock (frozen while its
 * connection was cut) stops without serving again.
 */
class CoordinatorTakeoverIT {

    private static LocalPostgres postgres;
    private static Path work;

    private final List<JavaProcess> coordinators = new ArrayList<>();
    private TestParticipant participant;

    @BeforeAll
    static void startPostgres() throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "coordinator-takeover-");
        postgres = LocalPostgres.start(work);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void startParticipant() throws IOException {
        participant = new TestParticipant();
    }

    @AfterEach
    void stop() throws Exception {
        for (JavaProcess coordinator : coordinators) {
            coordinator.thaw();
            coordinator.stop();
        }
        participant.close();
    }

    @Test
    void aSecondCoordinatorWaitsForTheLockAndFinishesTheFirstOnesLrasAfterKill9() throws Exception {
        Coordinator first = coordinator("first", "takeover_");
        first.start();
        Coordinator second = coordinator("second", "takeover_");
        second.process.launch();

        String closing = participant.startLra(first.url);
        String active = participant.startLra(first.url);
        participant.down = true;
        assertThat(send("PUT", closing + "/close").statusCode()).isEqualTo(200);
        assertThat(status(closing)).isEqualTo("Closing");

        // while the first one holds the lock, the second one waits: it does not even listen (20 s: twice as long
        // as a coordinator takes here from its launch to serving)
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(until)) {
            assertThat(second.process.isAlive()).as("the second coordinator waits for the lock").isTrue();
            assertThat(second.process.answersHttp()).as("the second coordinator serves while the first holds the lock").isFalse();
            Thread.sleep(250);
        }
        assertThat(status(active)).isEqualTo("Active");

        first.process.kill();
        participant.down = false;
        await().atMost(Duration.ofSeconds(60)).until(() -> second.process.answersHttp() && send("GET", second.url).statusCode() == 200);

        // the LRA whose close was cut short is completed, the active one can be closed at the second coordinator
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(participant.completions).containsEntry(closing, 1);
            assertThat(status(at(second.url, active))).isEqualTo("Active");
        });
        assertThat(send("PUT", at(second.url, active) + "/close").statusCode()).isEqualTo(200);
        assertThat(participant.completions).containsOnly(entry(closing, 1), entry(active, 1));
        assertThat(participant.compensations).isEmpty();
    }

    @Test
    void aFrozenCoordinatorWhoseLockConnectionWasCutExitsWithoutServingOnceThawed() throws Exception {
        Coordinator first = coordinator("frozen", "fenced_");
        first.start();
        String lra = participant.startLra(first.url);

        first.process.suspend();
        // a cancel sent to the frozen coordinator waits in its socket's backlog until it runs again
        CompletableFuture<HttpResponse<String>> cancel = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create(lra + "/cancel")).timeout(Duration.ofSeconds(120))
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        // its lock connection is cut: PostgreSQL ends the session (as it would once keepalive gives up on a lost machine)
        assertThat(postgres.terminateLockHolders()).isEqualTo(1);

        Coordinator second = coordinator("replacement", "fenced_");
        second.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> status(at(second.url, lra)).equals("Active"));
        assertThat(send("PUT", at(second.url, lra) + "/close").statusCode()).isEqualTo(200);
        assertThat(participant.completions).containsOnly(entry(lra, 1));

        first.process.thaw();
        Integer exit = first.process.awaitExit(Duration.ofSeconds(10));
        assertThat(exit).as("the thawed coordinator exits within 10 s, having lost its lock").isNotNull().isNotZero();
        assertThat(cancelOutcome(cancel)).as("the cancel queued at the frozen coordinator is not served").isNotEqualTo("HTTP 200");
        // nothing the first coordinator did after its thaw reached the participant, or the log
        Thread.sleep(2_000);
        assertThat(participant.compensations).isEmpty();
        assertThat(participant.completions).containsOnly(entry(lra, 1));
        assertThat(status(at(second.url, lra))).isIn("Closed", "HTTP 404");
    }

    private static String cancelOutcome(CompletableFuture<HttpResponse<String>> cancel) throws InterruptedException {
        try {
            return "HTTP " + cancel.get(30, TimeUnit.SECONDS).statusCode();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "no answer: " + e.getCause();
        }
    }

    private Coordinator coordinator(String name, String tablePrefix) throws IOException {
        int port = RunningApp.freePort();
        Map<String, String> settings = new HashMap<>(postgres.coordinatorSettings(tablePrefix));
        settings.putAll(Map.of("LRA_PORT", Integer.toString(port), "LRA_DATA_DIR", work.resolve(name).toString(),
                "LRA_RECOVERY_PERIOD_SECONDS", "1", "LRA_RECOVERY_BACKOFF_SECONDS", "1"));
        JavaProcess process = new JavaProcess(name, "coordinator.LraCoordinatorServer", Map.of(), settings, work.resolve(name + ".log"), port);
        coordinators.add(process);
        return new Coordinator(process, "http://127.0.0.1:" + port + "/lra-coordinator");
    }

    private record Coordinator(JavaProcess process, String url) {

        /** Starts it and waits for its API: Undertow answers before the coordinator's resource is deployed. */
        void start() throws IOException, InterruptedException {
            process.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", url).statusCode() == 200);
        }
    }
}
