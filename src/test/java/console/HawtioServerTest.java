package console;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HawtioServerTest {

    @TempDir
    Path dir;

    @Test
    void refusesToListenBeyondLoopbackWithoutALogin() {
        assertThatThrownBy(() -> new HawtioServer("0.0.0.0", 0, false, "", "admin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a login")
                .hasMessageContaining("console.authentication-enabled=true")
                .hasMessageContaining("users.file=")
                .hasMessageContaining("console.UsersFile");
    }

    @Test
    void refusesALoginWithoutAUsersFile() {
        assertThatThrownBy(() -> new HawtioServer("127.0.0.1", 0, true, "", "admin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a login realm")
                .hasMessageContaining("users.file=");
    }

    @Test
    void refusesAUsersFileItCannotRead() {
        assertThatThrownBy(() -> new HawtioServer("0.0.0.0", 0, true, dir.resolve("missing.properties").toString(), "admin"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.properties cannot be read");
    }
}
