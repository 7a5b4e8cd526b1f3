package security;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import settings.Settings;

/**
 * Puts the {@link HttpGuard} in front of everything the app's HTTP server serves, before it starts
 * listening, and refuses to start when the API would be reachable beyond loopback without a login.
 */
public class ApiSecurity extends MainListenerSupport {

    static final String HOW_TO_LOGIN = "api.authentication-enabled=true and users.file=<file>, a file of users made with"
            + " 'java -cp target/classes console.UsersFile <name> orders|operator >> <file>' (docs/security.md)";

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext camel = main.getCamelContext();
        Settings settings = new Settings(camel.getPropertiesComponent());
        boolean authentication = settings.flag("api.authentication-enabled");
        requireLoginBeyondLoopback(settings.text("camel.server.host"), "app.host", authentication);
        if (settings.flag("camel.management.enabled") && !settings.text("camel.management.port").equals(settings.text("camel.server.port"))) {
            // health and metrics on a port of their own: the metrics there follow the API's rule too
            requireLoginBeyondLoopback(settings.text("camel.management.host"), "camel.management.host", authentication);
        }
        int hashPermits = settings.number("api.login-hash-permits");
        Optional<Logins> logins = authentication
                ? Optional.of(new Logins(usersFile(settings), hashPermits, Clock.systemUTC()))
                : Optional.empty();
        String addressHeader = settings.text("api.client-address-header");
        HttpGuard guard = new HttpGuard(logins, hashPermits,
                new ClientRateLimits(Double.parseDouble(settings.text("api.requests-per-second")),
                        settings.number("api.burst"), System::nanoTime),
                settings.number("api.retry-after-seconds"),
                addressHeader.isEmpty() ? Optional.empty() : Optional.of(addressHeader));
        MainHttpServer server = camel.hasService(MainHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("camel.server.enabled must be true: the API, the saga view and the callbacks need it");
        }
        guard(server.getConfiguration(), guard);
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (management != null) { // used only when camel.management.port differs from app.port
            guard(management.getConfiguration(), guard);
        }
    }

    /** Puts the guard before every route of the server, as its one authentication handler. */
    private static void guard(VertxPlatformHttpServerConfiguration server, HttpGuard guard) {
        AuthenticationConfig.AuthenticationConfigEntry everything = new AuthenticationConfig.AuthenticationConfigEntry();
        everything.setPath("/*");
        everything.setAuthenticationProviderFactory(vertx -> null); // the guard checks logins itself
        everything.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return guard;
            }
        });
        server.getAuthenticationConfig().getEntries().add(everything);
        server.getAuthenticationConfig().setEnabled(true);
    }

    /** The API, the saga view and the metrics may go without a login only on loopback; {@code setting} names the host's. */
    static void requireLoginBeyondLoopback(String host, String setting, boolean authentication) {
        if (!authentication && !isLoopback(host)) {
            throw new IllegalStateException("The API would listen on " + host + " without a login. Either keep " + setting + " on"
                    + " 127.0.0.1, or set " + HOW_TO_LOGIN);
        }
    }

    private static Path usersFile(Settings settings) {
        String file = settings.text("users.file");
        if (file.isEmpty() || !Files.isReadable(Path.of(file))) {
            throw new IllegalStateException("api.authentication-enabled=true needs a readable users file: set " + HOW_TO_LOGIN);
        }
        return Path.of(file);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
