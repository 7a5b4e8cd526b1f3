package security;

import console.ConsoleUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

class LoginsTest {

    @TempDir
    Path dir;

    private final ConsoleUser ada = ConsoleUser.withRole("ada", "operator");
    private final ConsoleUser bob = ConsoleUser.withRole("bob", "orders");
    private final MovableClock clock = new MovableClock();

    @Test
    @DisplayName("a login checked once is remembered: the next request needs no hash")
    void checkedLoginIsRemembered() throws Exception {
        Logins logins = new Logins(ConsoleUser.usersFile(dir, ada, bob), 1, clock);
        assertThat(logins.remembered("ada", ada.password())).isEmpty();

        assertThat(logins.check("ada", ada.password()).verdict()).isEqualTo(Logins.Verdict.ACCEPTED);

        Logins.Result again = logins.remembered("ada", ada.password()).orElseThrow();
        assertThat(again.verdict()).isEqualTo(Logins.Verdict.ACCEPTED);
        assertThat(again.roles()).containsExactly("operator");
        assertThat(logins.remembered("ada", bob.password())).isEmpty(); // another password is checked afresh
    }

    @Test
    @DisplayName("a login is remembered for ten minutes only: after that its password is hashed again")
    void rememberedBriefly() throws Exception {
        Logins logins = new Logins(ConsoleUser.usersFile(dir, ada), 1, clock);
        logins.check("ada", ada.password());
        logins.check("ada", "guess");

        clock.advance(Duration.ofMinutes(9));
        assertThat(logins.remembered("ada", ada.password())).isPresent();
        assertThat(logins.remembered("ada", "guess")).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(logins.remembered("ada", ada.password())).isEmpty();
        assertThat(logins.remembered("ada", "guess")).isEmpty();
    }

    @Test
    @DisplayName("a wrong password is refused, and refused again from memory")
    void wrongPasswordIsRefusedAndRemembered() throws Exception {
        Logins logins = new Logins(ConsoleUser.usersFile(dir, ada), 1, clock);

        assertThat(logins.check("ada", "guess").verdict()).isEqualTo(Logins.Verdict.REFUSED);
        assertThat(logins.check("nobody", "guess").verdict()).isEqualTo(Logins.Verdict.REFUSED);
        assertThat(logins.remembered("ada", "guess").orElseThrow().verdict()).isEqualTo(Logins.Verdict.REFUSED);
    }

    @Test
    @DisplayName("a user removed from the file is refused once the file is looked at again, without a restart")
    void removedUserLosesAccess() throws Exception {
        Path file = ConsoleUser.usersFile(dir, ada, bob);
        Logins logins = new Logins(file, 1, clock);
        assertThat(logins.check("bob", bob.password()).verdict()).isEqualTo(Logins.Verdict.ACCEPTED);

        ConsoleUser.usersFile(dir, ada);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(2));

        assertThat(logins.remembered("bob", bob.password()).orElseThrow().verdict()).isEqualTo(Logins.Verdict.REFUSED);
        assertThat(logins.check("bob", bob.password()).verdict()).isEqualTo(Logins.Verdict.REFUSED);
        assertThat(logins.remembered("ada", ada.password())).isEmpty();
    }

    @Test
    @DisplayName("when every hash permit stays taken, a new login is turned away (BUSY) instead of hashing")
    void newLoginsWaitWhenHashingIsBusy() throws Exception {
        Semaphore hashing = new Semaphore(1);
        Logins logins = new Logins(ConsoleUser.usersFile(dir, ada), hashing, clock);
        hashing.acquire(); // another login is being hashed

        assertThat(logins.check("ada", ada.password()).verdict()).isEqualTo(Logins.Verdict.BUSY);

        hashing.release();
        assertThat(logins.check("ada", ada.password()).verdict()).isEqualTo(Logins.Verdict.ACCEPTED);
    }
}
