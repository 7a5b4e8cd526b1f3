package console;

import com.sun.security.auth.UserPrincipal;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module that checks a user name and password against the console's {@link UsersFile}
 * (option {@code file}). A user who logs in gets a {@link UserPrincipal} and one {@link Role} per role.
 */
public class UsersFileLoginModule implements LoginModule {

    private static final String UNKNOWN_USER = PasswordHash.of("the hash an unknown user name is checked against".toCharArray());

    private Subject subject;
    private CallbackHandler callbackHandler;
    private Path usersFile;
    private final Set<Principal> principals = new HashSet<>();

    /** A JAAS configuration whose realm {@code realm} logs users in with this module from {@code usersFile}. */
    public static Configuration realm(String realm, Path usersFile) {
        AppConfigurationEntry entry = new AppConfigurationEntry(UsersFileLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("file", usersFile.toString()));
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return realm.equals(name) ? new AppConfigurationEntry[] {entry} : null;
            }
        };
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        this.usersFile = Path.of((String) options.get("file"));
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbackHandler.handle(new Callback[] {name, password});
            char[] typed = password.getPassword();
            Optional<UsersFile.User> user = name.getName() == null ? Optional.empty() : UsersFile.find(usersFile, name.getName());
            // an unknown name costs the same hash as a known one, so timing does not tell which names exist
            boolean matches = typed != null && PasswordHash.matches(user.map(UsersFile.User::passwordHash).orElse(UNKNOWN_USER), typed);
            if (!matches || user.isEmpty()) {
                throw new FailedLoginException("Wrong user name or password");
            }
            principals.add(new UserPrincipal(name.getName()));
            user.get().roles().forEach(role -> principals.add(new Role(role)));
            return true;
        } catch (IOException | UnsupportedCallbackException e) {
            throw (LoginException) new LoginException("Cannot check the login against " + usersFile + ": " + e).initCause(e);
        } finally {
            password.clearPassword();
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return !principals.isEmpty();
    }

    @Override
    public boolean abort() {
        return logout();
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
