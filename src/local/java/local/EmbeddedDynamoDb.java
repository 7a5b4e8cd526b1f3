package local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** DynamoDB Local in this JVM, on one host and port, its data on disk (or in memory). */
public class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;

    public EmbeddedDynamoDb(String host, int port, Path dataDir, boolean inMemory) throws Exception {
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
        if (inMemory) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDir);
            // -sharedDb: one database whatever the access key and region of the caller
            args.addAll(List.of("-sharedDb", "-dbPath", dataDir.toAbsolutePath().toString()));
        }
        server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        bindTo(host);
    }

    public void start() throws Exception {
        server.start();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** DynamoDB Local has no host option and binds every interface; set its Jetty connector's host. */
    private void bindTo(String host) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(server);
        for (Connector connector : jetty.getConnectors()) {
            ((ServerConnector) connector).setHost(host);
        }
    }
}
