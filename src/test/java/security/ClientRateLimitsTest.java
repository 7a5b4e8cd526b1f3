package security;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ClientRateLimits limits = new ClientRateLimits(2, 3, nanos::get);

    @Test
    @DisplayName("a client gets its burst, then its rate; another client is not affected")
    void burstThenRate() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.tryAcquire("a")).isTrue();
        }
        assertThat(limits.tryAcquire("a")).isFalse();
        assertThat(limits.tryAcquire("b")).isTrue();

        nanos.addAndGet(500_000_000L); // half a second at 2 a second: one more
        assertThat(limits.tryAcquire("a")).isTrue();
        assertThat(limits.tryAcquire("a")).isFalse();
    }
}
