package chaos;

import app.RunningApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static chaos.TestParticipant.send;
import static chaos.TestParticipant.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator's log survives kill -9: an LRA still active and an LRA whose close was cut short
 * (its participant was down) are both finished by the coordinator started again on the same log,
 * and an LRA finished before the kill stays finished. (A kill leaves the OS's page cache: this tests
 * a process crash, not the syncs to disk, which are the journal's configuration.) Here the log is the
 * journal store; {@link CoordinatorLogOnPostgresIT} runs the same test with the log in PostgreSQL.
 */
class CoordinatorLogIT {

    private TestParticipant participant;
    private JavaProcess coordinator;
    private JavaProcess restarted;
    private String coordinatorUrl;

    /** The settings that choose the coordinator's log, beside its data folder: none for the default, the journal store. */
    Map<String, String> logSettings() {
        return Map.of();
    }

    @BeforeEach
    void start() throws Exception {
        participant = new TestParticipant();
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "coordinator-log-");
        int port = RunningApp.freePort();
        coordinatorUrl = "http://127.0.0.1:" + port + "/lra-coordinator";
        Map<String, String> settings = new HashMap<>(Map.of("LRA_PORT", Integer.toString(port), "LRA_DATA_DIR", work.resolve("log").toString()));
        settings.putAll(logSettings());
        // Before the kill, no recovery pass: Narayana 7.1's pass replays an LRA that a request is closing
        // (it does not skip the LRAs it holds in memory), so a pass that meets the first close calls the
        // participant again, or, if the participant is down by then, writes the LRA back to the log as
        // Closing after the close removed it. That race is not the log's durability, which this test is about.
        settings.putAll(Map.of("LRA_RECOVERY_PERIOD_SECONDS", "600", "LRA_RECOVERY_BACKOFF_SECONDS", "600"));
        coordinator = new JavaProcess("coordinator", "coordinator.LraCoordinatorServer", Map.of(), Map.copyOf(settings),
                work.resolve("coordinator.log"), port);
        // after the kill, a pass every two seconds reads the log
        settings.putAll(Map.of("LRA_RECOVERY_PERIOD_SECONDS", "1", "LRA_RECOVERY_BACKOFF_SECONDS", "1"));
        restarted = new JavaProcess("coordinator", "coordinator.LraCoordinatorServer", Map.of(), settings,
                work.resolve("coordinator.log"), port);
        start(coordinator);
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinator.stop();
        restarted.stop();
        participant.close();
    }

    @Test
    void activeAndClosingLrasAreFinishedAfterKill9() throws Exception {
        String finished = participant.startLra(coordinatorUrl);
        assertThat(send("PUT", finished + "/close").statusCode()).isEqualTo(200);
        String active = participant.startLra(coordinatorUrl);
        String closing = participant.startLra(coordinatorUrl);
        participant.down = true;
        assertThat(send("PUT", closing + "/close").statusCode()).isEqualTo(200);
        assertThat(status(closing)).isEqualTo("Closing");

        coordinator.kill();
        participant.down = false;
        start(restarted);

        // the restarted coordinator knows an LRA once a recovery pass has read it from the log
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(participant.completions).containsEntry(closing, 1);
            assertThat(status(active)).isEqualTo("Active");
        });
        assertThat(send("PUT", active + "/close").statusCode()).isEqualTo(200);
        assertThat(participant.completions).containsOnly(entry(finished, 1), entry(closing, 1), entry(active, 1));
        assertThat(participant.compensations).isEmpty();
        assertThat(status(finished)).isEqualTo("HTTP 404");
    }

    /** Undertow answers before the coordinator's resource is deployed: wait for the resource too. */
    private void start(JavaProcess process) throws IOException, InterruptedException {
        process.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", coordinatorUrl).statusCode() == 200);
    }
}
