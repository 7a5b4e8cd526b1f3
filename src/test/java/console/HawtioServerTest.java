package console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HawtioServerTest {

    @Test
    void refusesToListenBeyondLoopbackWithoutALogin() {
        assertThatThrownBy(() -> new HawtioServer("0.0.0.0", 0, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a login")
                .hasMessageContaining("console.authentication-enabled=true")
                .hasMessageContaining("java.security.auth.login.config");
    }

    @Test
    void refusesALoginWithoutARealm() {
        assertThatThrownBy(() -> new HawtioServer("127.0.0.1", 0, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs a login realm");
    }
}
