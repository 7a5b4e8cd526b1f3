package console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashTest {

    @Test
    void theSamePasswordHashesDifferentlyEachTimeAndBothMatch() {
        String first = PasswordHash.of("correct horse".toCharArray());
        String second = PasswordHash.of("correct horse".toCharArray());

        assertThat(first).isNotEqualTo(second).startsWith("pbkdf2-sha256:600000:").doesNotContain("correct horse");
        assertThat(PasswordHash.matches(first, "correct horse".toCharArray())).isTrue();
        assertThat(PasswordHash.matches(second, "correct horse".toCharArray())).isTrue();
    }

    @Test
    void aWrongPasswordOrSomethingThatIsNotSuchAHashDoesNotMatch() {
        String hash = PasswordHash.of("correct horse".toCharArray());

        assertThat(PasswordHash.matches(hash, "correct horsE".toCharArray())).isFalse();
        assertThat(PasswordHash.matches("correct horse", "correct horse".toCharArray())).isFalse();
        assertThat(PasswordHash.matches(hash.replace(":600000:", ":x:"), "correct horse".toCharArray())).isFalse();
    }
}
