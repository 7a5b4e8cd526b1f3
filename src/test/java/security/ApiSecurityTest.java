package security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiSecurityTest {

    @Test
    @DisplayName("beyond loopback without a login the app refuses to start, and says how to set one")
    void loginRequiredBeyondLoopback() {
        assertThatThrownBy(() -> ApiSecurity.requireLoginBeyondLoopback("0.0.0.0", "app.host", false))
                .hasMessageContaining("without a login").hasMessageContaining("keep app.host on 127.0.0.1").hasMessageContaining("api.authentication-enabled=true")
                .hasMessageContaining("users.file=").hasMessageContaining("console.UsersFile");
        assertThatCode(() -> ApiSecurity.requireLoginBeyondLoopback("127.0.0.1", "app.host", false)).doesNotThrowAnyException();
        assertThatCode(() -> ApiSecurity.requireLoginBeyondLoopback("0.0.0.0", "app.host", true)).doesNotThrowAnyException();
    }
}
