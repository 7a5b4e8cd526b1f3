package chaos;

import app.RunningApp;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator's log survives kill -9: an LRA still active and an LRA whose close was cut short
 * (its participant was down) are both finished by the coordinator started again on the same log,
 * and an LRA finished before the kill stays finished. (A kill leaves the OS's page cache: this tests
 * a process crash, not the syncs to disk, which are the journal's configuration.)
 */
class CoordinatorLogIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, Integer> completions = new ConcurrentHashMap<>();
    private volatile boolean participantDown;
    private HttpServer participant;
    private JavaProcess coordinator;
    private String coordinatorUrl;

    @BeforeEach
    void start() throws Exception {
        participant = HttpServer.create(new InetSocketAddress("127.0.0.1", RunningApp.freePort()), 0);
        participant.createContext("/complete", exchange -> {
            String lra = exchange.getRequestHeaders().getFirst("Long-Running-Action");
            int status = participantDown ? 503 : 200;
            if (status == 200) {
                completions.merge(lra, 1, Integer::sum);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        participant.createContext("/compensate", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        participant.start();

        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "coordinator-log-");
        int port = RunningApp.freePort();
        coordinatorUrl = "http://127.0.0.1:" + port + "/lra-coordinator";
        coordinator = new JavaProcess("coordinator", "coordinator.LraCoordinatorServer", Map.of(), Map.of(
                "LRA_PORT", Integer.toString(port), "LRA_DATA_DIR", work.resolve("log").toString(),
                "LRA_RECOVERY_PERIOD_SECONDS", "1", "LRA_RECOVERY_BACKOFF_SECONDS", "1"),
                work.resolve("coordinator.log"), port);
        startCoordinator();
    }

    @AfterEach
    void stop() throws InterruptedException {
        coordinator.stop();
        participant.stop(0);
    }

    @Test
    void activeAndClosingLrasAreFinishedAfterKill9() throws Exception {
        String finished = startLraWithParticipant();
        assertThat(send("PUT", finished + "/close").statusCode()).isEqualTo(200);
        String active = startLraWithParticipant();
        String closing = startLraWithParticipant();
        participantDown = true;
        assertThat(send("PUT", closing + "/close").statusCode()).isEqualTo(200);
        assertThat(status(closing)).isEqualTo("Closing");

        coordinator.kill();
        participantDown = false;
        startCoordinator();

        // the restarted coordinator knows an LRA once a recovery pass has read it from the log
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(completions).containsEntry(closing, 1);
            assertThat(status(active)).isEqualTo("Active");
        });
        assertThat(send("PUT", active + "/close").statusCode()).isEqualTo(200);
        assertThat(completions).containsOnly(entry(finished, 1), entry(closing, 1), entry(active, 1));
        assertThat(status(finished)).isEqualTo("HTTP 404");
    }

    /** Undertow answers before the coordinator's resource is deployed: wait for the resource too. */
    private void startCoordinator() throws IOException, InterruptedException {
        coordinator.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", coordinatorUrl).statusCode() == 200);
    }

    private String startLraWithParticipant() throws IOException, InterruptedException {
        HttpResponse<String> started = send("POST", coordinatorUrl + "/start?ClientID=coordinator-log-test");
        assertThat(started.statusCode()).isEqualTo(201);
        String lra = started.body();
        String participantUrl = "http://127.0.0.1:" + participant.getAddress().getPort();
        String links = "<" + participantUrl + "/compensate>; rel=\"compensate\", <" + participantUrl + "/complete>; rel=\"complete\"";
        HttpResponse<String> joined = HTTP.send(HttpRequest.newBuilder(URI.create(lra)).header("Link", links)
                .PUT(HttpRequest.BodyPublishers.ofString(links)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        return lra;
    }

    private String status(String lra) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", lra + "/status");
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    }

    private static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
