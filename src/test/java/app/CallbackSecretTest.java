package app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackSecretTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("a local run generates its secret once, readable by its owner only, and keeps it across restarts")
    void localRunKeepsAGeneratedSecret() throws Exception {
        Path file = dir.resolve("data/callback-secret");

        String first = CallbackSecret.resolve("", file, true);
        String again = CallbackSecret.resolve("", file, true);

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(again);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    @DisplayName("without a local coordinator and stand-ins, no secret means no start, and the message says how to set one")
    void replicasMustBeGivenTheSecret() {
        assertThatThrownBy(() -> CallbackSecret.resolve("", dir.resolve("data/callback-secret"), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CALLBACKS_SECRET").hasMessageContaining("every replica");
        assertThat(dir.resolve("data/callback-secret")).doesNotExist();
    }

    @Test
    @DisplayName("a given secret wins, and one too short is refused")
    void givenSecret() {
        assertThat(CallbackSecret.resolve("x".repeat(40), dir.resolve("unused"), true)).isEqualTo("x".repeat(40));
        assertThatThrownBy(() -> CallbackSecret.resolve("short", dir.resolve("unused"), false)).hasMessageContaining("too short");
    }
}
