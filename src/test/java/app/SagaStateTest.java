package app;

import domain.LraStatus;
import domain.SagaDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which end of a saga the coordinator's report allows a callback from outside to record. */
class SagaStateTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final Optional<Instant> PASS_OVER = Optional.of(NOW.minusSeconds(1));

    @Test
    @DisplayName("closed only while the coordinator closes it; cancelled while it cancels it, reports a cancel as Closing, or has lost it")
    void whichEndEachStatusAllows() {
        assertThat(allowing(SagaDecision.CLOSED, false)).containsExactlyInAnyOrder(LraStatus.CLOSING, LraStatus.CLOSED, LraStatus.FAILED_TO_CLOSE);
        assertThat(allowing(SagaDecision.CANCELLED, false)).containsExactlyInAnyOrder(LraStatus.CANCELLING, LraStatus.CANCELLED,
                LraStatus.FAILED_TO_CANCEL, LraStatus.CLOSING, LraStatus.UNKNOWN);
    }

    @Test
    @DisplayName("a saga replayed by the coordinator's recovery after a restart is reported Active: then it may end either way;"
            + " the flag (Narayana sets it for every Closing and Cancelling saga too) changes nothing else")
    void activeOnlyWhileRecovering() {
        assertThat(allowing(SagaDecision.CLOSED, true)).containsExactlyInAnyOrder(LraStatus.ACTIVE, LraStatus.CLOSING, LraStatus.CLOSED,
                LraStatus.FAILED_TO_CLOSE);
        assertThat(allowing(SagaDecision.CANCELLED, true)).containsExactlyInAnyOrder(LraStatus.ACTIVE, LraStatus.CANCELLING,
                LraStatus.CANCELLED, LraStatus.FAILED_TO_CANCEL, LraStatus.CLOSING, LraStatus.UNKNOWN);
        assertThat(new CoordinatorClient.SagaState(LraStatus.ACTIVE, false, Optional.empty()).mayHaveEnded()).isFalse();
        assertThat(new CoordinatorClient.SagaState(LraStatus.ACTIVE, true, Optional.empty()).mayHaveEnded()).isTrue();
    }

    @Test
    @DisplayName("during the first pass of a close (its finish time still the time limit ahead) no compensation is admitted")
    void noCompensationDuringAClosesFirstPass() {
        CoordinatorClient.SagaState closing = new CoordinatorClient.SagaState(LraStatus.CLOSING, true, Optional.of(NOW.plus(Duration.ofSeconds(40))));

        assertThat(closing.mayEndAs(SagaDecision.CANCELLED, NOW)).isFalse();
        assertThat(closing.mayEndAs(SagaDecision.CLOSED, NOW)).isTrue();
        assertThat(closing.mayEndAs(SagaDecision.CANCELLED, NOW.plus(Duration.ofSeconds(41)))).as("once that pass is over").isTrue();
        assertThat(new CoordinatorClient.SagaState(LraStatus.CLOSING, true, Optional.empty()).mayEndAs(SagaDecision.CANCELLED, NOW))
                .as("no time limit: no finish time until the first pass ends").isFalse();
    }

    private static EnumSet<LraStatus> allowing(SagaDecision decision, boolean recovering) {
        EnumSet<LraStatus> allowing = EnumSet.noneOf(LraStatus.class);
        Arrays.stream(LraStatus.values()).filter(status -> new CoordinatorClient.SagaState(status, recovering, PASS_OVER).mayEndAs(decision, NOW))
                .forEach(allowing::add);
        return allowing;
    }
}
