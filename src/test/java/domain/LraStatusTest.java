package domain;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LraStatusTest {

    @Test
    @DisplayName("the coordinator's text is read exactly; anything else is Unknown")
    void parse() {
        assertThat(LraStatus.parse(" Closing\n")).isEqualTo(LraStatus.CLOSING);
        assertThat(LraStatus.parse("closing")).isEqualTo(LraStatus.UNKNOWN);
        assertThat(LraStatus.parse(null)).isEqualTo(LraStatus.UNKNOWN);
    }
}
