package console;

import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.security.auth.login.Configuration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Hawtio, the web console for this app's Camel routes, served from its war in this JVM. Its Jolokia
 * agent reads the app's MBeans (routes, counters) directly. Without a login it may only listen on
 * loopback: anyone who reaches Hawtio can stop routes and read messages. With the login on, Hawtio's
 * JAAS realm checks users against a {@link UsersFile}, and lets in those holding one of the given roles.
 */
public class HawtioServer implements AutoCloseable {

    private static final String REALM = "hawtio";
    private static final String HOW_TO_LOGIN = "users.file=<file>, a file of users made with"
            + " 'java -cp target/classes console.UsersFile <name> admin >> <file>' (see README, 'Hawtio')";

    private final Server server;

    /**
     * @param usersFile the users file when {@code authenticationEnabled}; ignored otherwise
     * @param roles the roles (comma separated) of which a user needs one to log in
     */
    public HawtioServer(String host, int port, boolean authenticationEnabled, String usersFile, String roles) throws Exception {
        if (!authenticationEnabled && !isLoopback(host)) {
            throw new IllegalStateException("Hawtio would listen on " + host + " without a login. Either keep console.host"
                    + " on 127.0.0.1, or set console.authentication-enabled=true and " + HOW_TO_LOGIN);
        }
        if (authenticationEnabled) {
            if (usersFile.isBlank()) {
                throw new IllegalStateException("console.authentication-enabled=true needs a login realm: set " + HOW_TO_LOGIN);
            }
            Path users = Path.of(usersFile).toAbsolutePath();
            if (!Files.isReadable(users)) {
                throw new IllegalStateException("users.file " + users + " cannot be read: set " + HOW_TO_LOGIN);
            }
            // Hawtio logs users in with new LoginContext(realm, ...): the JVM-wide JAAS configuration.
            Configuration.setConfiguration(UsersFileLoginModule.realm(REALM, users));
            System.setProperty("hawtio.realm", REALM);
            System.setProperty("hawtio.roles", roles);
            // Without role principal classes Hawtio skips the role check and lets in any user the realm knows.
            System.setProperty("hawtio.rolePrincipalClasses", Role.class.getName());
        }
        // Hawtio 4 reads its settings from system properties only.
        System.setProperty("hawtio.authenticationEnabled", Boolean.toString(authenticationEnabled));
        URL war = HawtioServer.class.getClassLoader().getResource("hawtio/hawtio.war");
        if (war == null) {
            throw new IllegalStateException("hawtio/hawtio.war is not on the classpath: build with 'mvn compile' first");
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext hawtio = new WebAppContext();
        hawtio.setContextPath("/hawtio");
        hawtio.setWar(war.toExternalForm());
        hawtio.setParentLoaderPriority(false);
        server.setHandler(new SameSiteOnly(hawtio, authenticationEnabled));
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
