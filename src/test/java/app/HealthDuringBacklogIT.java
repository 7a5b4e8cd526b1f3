package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.OrderRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An app that starts with a backlog in its inbox is alive and ready while it works through it (a
 * consumer's first poll used to keep health DOWN for the whole backlog, and a liveness probe would
 * restart it in a loop); the backlog runs several files at once and each once.
 */
class HealthDuringBacklogIT {

    private static final int FILES = 80;

    @Test
    @DisplayName("a backlog of files: live and ready while it is worked through, every order once")
    void backlogFailsNeitherProbe() throws Exception {
        Path home = Files.createTempDirectory("order-saga-backlog");
        Path inbox = Files.createDirectories(home.resolve("orders/inbox"));
        for (int i = 0; i < FILES; i++) {
            Files.writeString(inbox.resolve("order-" + i + ".json"), OrderJson.order("47000000-backlog-" + i, "910", 1), StandardCharsets.UTF_8);
        }
        try (RunningApp app = RunningApp.startIn(home, Map.of())) {
            assertThat(waiting(inbox)).as("files still waiting when the probes are asked").isPositive();
            assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> waiting(inbox) == 0
                    && processed(app) == FILES);
            assertThat(app.bean(OrderRepository.class).find("47000000-backlog-0")).isPresent();
            assertThat(app.get("/observe/health/ready").statusCode()).isEqualTo(200);
        }
    }

    private static long waiting(Path inbox) {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(file -> file.toString().endsWith(".json")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long processed(RunningApp app) throws IOException {
        if (!Files.isDirectory(app.processed())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(app.processed())) {
            return files.count();
        }
    }
}
