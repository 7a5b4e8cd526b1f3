package domain;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackTokensTest {

    private static final String LRA = "http://coordinator:8081/lra-coordinator/0_ffff7f000001_1";
    private final CallbackTokens tokens = new CallbackTokens("a".repeat(32), Optional.of("b".repeat(32)));

    @Test
    @DisplayName("a token fits one saga, order and participant, and travels unencoded in a URL")
    void tokenBindsSagaOrderAndParticipant() {
        String token = tokens.sign(LRA, "7-order", Participant.PAYMENT);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.check(token, LRA, "7-order", Participant.PAYMENT)).isEqualTo(CallbackTokens.Check.CURRENT);
        assertThat(tokens.check(token, LRA + "2", "7-order", Participant.PAYMENT)).isEqualTo(CallbackTokens.Check.INVALID);
        assertThat(tokens.check(token, LRA, "7-other", Participant.PAYMENT)).isEqualTo(CallbackTokens.Check.INVALID);
        assertThat(tokens.check(token, LRA, "7-order", Participant.ORDER)).isEqualTo(CallbackTokens.Check.INVALID);
        assertThat(tokens.check(null, LRA, "7-order", Participant.PAYMENT)).isEqualTo(CallbackTokens.Check.INVALID);
    }

    @Test
    @DisplayName("the previous secret's tokens are told apart; a secret no longer configured signs nothing accepted")
    void previousAndRetiredSecrets() {
        String previous = new CallbackTokens("b".repeat(32), Optional.empty()).sign(LRA, "7-order", Participant.ORDER);
        String retired = new CallbackTokens("c".repeat(32), Optional.empty()).sign(LRA, "7-order", Participant.ORDER);

        assertThat(tokens.check(previous, LRA, "7-order", Participant.ORDER)).isEqualTo(CallbackTokens.Check.PREVIOUS);
        assertThat(tokens.check(retired, LRA, "7-order", Participant.ORDER)).isEqualTo(CallbackTokens.Check.INVALID);
    }

    @Test
    @DisplayName("field boundaries cannot be shifted: saga 'a|1' with order 'b' is not saga 'a' with order '1|b'")
    void fieldsCannotBeShifted() {
        assertThat(tokens.sign("x1:ab", "c", Participant.SAGA)).isNotEqualTo(tokens.sign("x", "1:abc", Participant.SAGA));
    }

    @Test
    @DisplayName("a secret shorter than 32 characters is refused")
    void shortSecretRefused() {
        assertThatThrownBy(() -> new CallbackTokens("short", Optional.empty())).hasMessageContaining("at least 32 characters");
    }
}
