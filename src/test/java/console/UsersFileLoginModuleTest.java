package console;

import com.sun.security.auth.UserPrincipal;
import java.nio.file.Path;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersFileLoginModuleTest {

    private static final ConsoleUser ADMIN = ConsoleUser.withRole("ada", "admin");

    @TempDir
    Path dir;

    @Test
    void theRightPasswordLogsInWithTheUsersRoles() throws Exception {
        Subject subject = login(ConsoleUser.usersFile(dir, ADMIN), ADMIN.name(), ADMIN.password());

        assertThat(subject.getPrincipals()).containsExactlyInAnyOrder(new UserPrincipal("ada"), new Role("admin"));
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsRefused() throws Exception {
        Path users = ConsoleUser.usersFile(dir, ADMIN);

        assertThatThrownBy(() -> login(users, ADMIN.name(), ADMIN.password() + "x")).isInstanceOf(FailedLoginException.class);
        assertThatThrownBy(() -> login(users, "bob", ADMIN.password())).isInstanceOf(FailedLoginException.class);
    }

    @Test
    void aUserAddedToTheFileCanLogInWithoutARestart() throws Exception {
        Path users = ConsoleUser.usersFile(dir, ADMIN);
        ConsoleUser viewer = ConsoleUser.withRole("vic", "viewer");
        assertThatThrownBy(() -> login(users, viewer.name(), viewer.password())).isInstanceOf(FailedLoginException.class);

        ConsoleUser.usersFile(dir, ADMIN, viewer);

        assertThat(login(users, viewer.name(), viewer.password()).getPrincipals()).contains(new Role("viewer"));
    }

    private static Subject login(Path users, String name, String password) throws LoginException {
        Subject subject = new Subject();
        new LoginContext("console", subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName(name);
            ((PasswordCallback) callbacks[1]).setPassword(password.toCharArray());
        }, UsersFileLoginModule.realm("console", users)).login();
        return subject;
    }
}
