package console;

import java.net.InetAddress;
import java.net.URL;
import java.net.UnknownHostException;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Hawtio, the web console for this app's Camel routes, served from its war in this JVM. Its Jolokia
 * agent reads the app's MBeans (routes, counters) directly. Without a login it may only listen on
 * loopback: anyone who reaches Hawtio can stop routes and read messages.
 */
public class HawtioServer implements AutoCloseable {

    private static final String HOW_TO_LOGIN = "give the JVM a JAAS login configuration,"
            + " -Djava.security.auth.login.config=<file>, whose realm is named by -Dhawtio.realm (see README, 'Hawtio')";

    private final Server server;

    public HawtioServer(String host, int port, boolean authenticationEnabled) throws Exception {
        if (!authenticationEnabled && !isLoopback(host)) {
            throw new IllegalStateException("Hawtio would listen on " + host + " without a login. Either keep console.host"
                    + " on 127.0.0.1, or set console.authentication-enabled=true and " + HOW_TO_LOGIN);
        }
        if (authenticationEnabled && System.getProperty("java.security.auth.login.config") == null) {
            throw new IllegalStateException("console.authentication-enabled=true needs a login realm: " + HOW_TO_LOGIN);
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
        server.setHandler(hawtio);
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
