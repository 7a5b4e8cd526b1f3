package security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SameSiteTest {

    @Test
    @DisplayName("a request that changes something from a page of another site is told apart; safe methods only when asked")
    void crossSite() {
        assertThat(SameSite.isCrossSite("POST", "http://evil.example", "127.0.0.1:8080", false)).isTrue();
        assertThat(SameSite.isCrossSite("POST", "null", "127.0.0.1:8080", false)).isTrue();
        assertThat(SameSite.isCrossSite("POST", "http://127.0.0.1:8080", "127.0.0.1:8080", false)).isFalse();
        assertThat(SameSite.isCrossSite("POST", null, "127.0.0.1:8080", false)).isFalse(); // not a browser
        assertThat(SameSite.isCrossSite("GET", "http://evil.example", "127.0.0.1:8080", false)).isFalse();
        assertThat(SameSite.isCrossSite("GET", "http://evil.example", "127.0.0.1:8080", true)).isTrue();
    }

    @Test
    @DisplayName("loopback names, with or without a port; a rebound public name is not one")
    void loopback() {
        assertThat(SameSite.addressesLoopback("127.0.0.1:8080")).isTrue();
        assertThat(SameSite.addressesLoopback("localhost")).isTrue();
        assertThat(SameSite.addressesLoopback("[::1]:8080")).isTrue();
        assertThat(SameSite.addressesLoopback("evil.example:8080")).isFalse();
        assertThat(SameSite.addressesLoopback("127.0.0.1.evil.example")).isFalse();
        assertThat(SameSite.addressesLoopback(null)).isFalse();
    }
}
