package app;

import chaos.JavaProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings the app refuses to start with, saying why: no open API beyond loopback, no replica without the shared secret. */
class StartupRefusalsIT {

    @Test
    @DisplayName("on every address without a login, the app does not start")
    void apiBeyondLoopbackWithoutLogin() {
        assertThatThrownBy(() -> RunningApp.start(Map.of("app.host", "0.0.0.0")))
                .rootCause().hasMessageContaining("without a login").hasMessageContaining("api.authentication-enabled=true");
    }

    @Test
    @DisplayName("with health and metrics on a port of their own on every address, without a login, the app does not start")
    void managementBeyondLoopbackWithoutLogin() throws IOException {
        assertThatThrownBy(() -> RunningApp.start(Map.of("camel.management.host", "0.0.0.0",
                "camel.management.port", Integer.toString(RunningApp.freePort()))))
                .rootCause().hasMessageContaining("0.0.0.0 without a login").hasMessageContaining("keep camel.management.host on 127.0.0.1");
    }

    @Test
    @DisplayName("refused in a JVM of its own (the local run, stand-ins started), the app says why and ends with status 1")
    void refusedRunEnds() throws Exception {
        Path home = Files.createTempDirectory("refused-run");
        Map<String, String> settings = RunningApp.localSettings(home, RunningApp.freePort());
        settings.put("app.host", "0.0.0.0");
        Path log = home.resolve("run.log");
        JavaProcess run = new JavaProcess("refused app", "local.LocalRun", settings, Map.of(), log, 0);
        run.launch();
        Integer status = run.awaitExit(Duration.ofSeconds(90));
        if (status == null) {
            run.kill();
        }

        assertThat(status).as("exit status; null: still running").isEqualTo(1);
        assertThat(Files.readString(log)).contains("The app did not start: The API would listen on 0.0.0.0 without a login");
    }

    @Test
    @DisplayName("an upgrade window for untokened callbacks more than 7 days long is refused: it must close soon")
    void longUpgradeWindow() {
        assertThatThrownBy(() -> RunningApp.start(Map.of("callbacks.untokened-until", Instant.now().plus(Duration.ofDays(8)).toString())))
                .rootCause().hasMessageContaining("callbacks.untokened-until may be at most 7 days away");
    }

    @Test
    @DisplayName("with a coordinator outside this JVM and no callback secret, the app does not start")
    void externalCoordinatorWithoutSecret() {
        assertThatThrownBy(() -> RunningApp.start(Map.of("local.coordinator.enabled", "false")))
                .rootCause().hasMessageContaining("No callback secret").hasMessageContaining("CALLBACKS_SECRET");
    }
}
