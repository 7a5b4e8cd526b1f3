package domain;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LraStatusTest {

    @Test
    @DisplayName("a saga may be closed only while the coordinator closes it; cancelled while it cancels it, or reports a cancel as Closing")
    void whichEndEachStatusAllows() {
        assertThat(allowing(SagaDecision.CLOSED)).containsExactlyInAnyOrder(LraStatus.CLOSING, LraStatus.CLOSED, LraStatus.FAILED_TO_CLOSE);
        assertThat(allowing(SagaDecision.CANCELLED)).containsExactlyInAnyOrder(LraStatus.CANCELLING, LraStatus.CANCELLED,
                LraStatus.FAILED_TO_CANCEL, LraStatus.CLOSING);
    }

    @Test
    @DisplayName("the coordinator's text is read exactly; anything else is Unknown")
    void parse() {
        assertThat(LraStatus.parse(" Closing\n")).isEqualTo(LraStatus.CLOSING);
        assertThat(LraStatus.parse("closing")).isEqualTo(LraStatus.UNKNOWN);
        assertThat(LraStatus.parse(null)).isEqualTo(LraStatus.UNKNOWN);
    }

    private static EnumSet<LraStatus> allowing(SagaDecision decision) {
        EnumSet<LraStatus> allowing = EnumSet.noneOf(LraStatus.class);
        Arrays.stream(LraStatus.values()).filter(status -> status.mayEndAs(decision)).forEach(allowing::add);
        return allowing;
    }
}
