package app;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

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
                .rootCause().hasMessageContaining("0.0.0.0 without a login").hasMessageContaining("api.authentication-enabled=true");
    }

    @Test
    @DisplayName("with a coordinator outside this JVM and no callback secret, the app does not start")
    void externalCoordinatorWithoutSecret() {
        assertThatThrownBy(() -> RunningApp.start(Map.of("local.coordinator.enabled", "false")))
                .rootCause().hasMessageContaining("No callback secret").hasMessageContaining("CALLBACKS_SECRET");
    }
}
