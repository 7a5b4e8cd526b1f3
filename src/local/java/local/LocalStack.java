package local;

import coordinator.LraCoordinatorServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stand-ins, started in the app's JVM when their properties say so: DynamoDB Local, an
 * SQS-compatible server (ElasticMQ) and the Narayana LRA coordinator. They start before Camel
 * configures (tables are created then); the coordinator's recovery starts only once Camel, and so its
 * callback port, is up. Their defaults are in local.properties, beside these classes.
 */
public class LocalStack extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private EmbeddedDynamoDb dynamoDb;
    private EmbeddedSqs sqs;
    private boolean failed;
    private LraCoordinatorServer coordinator;

    /** Runs the stand-ins with the app started by {@code main}, their defaults below the app's own settings. */
    public void attachTo(Main main) {
        Properties defaults = new Properties();
        try (InputStream in = LocalStack.class.getResourceAsStream("/local.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("local.properties is missing from the classpath", e);
        }
        defaults.stringPropertyNames().forEach(key -> main.addInitialProperty(key, defaults.getProperty(key).trim()));
        main.addMainListener(this);
    }

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        try {
            if (flag(properties, "local.dynamodb.enabled")) {
                dynamoDb = new EmbeddedDynamoDb(text(properties, "local.dynamodb.host"), number(properties, "local.dynamodb.port"),
                        Path.of(text(properties, "local.dynamodb.data-dir")), flag(properties, "local.dynamodb.in-memory"));
                dynamoDb.start();
                LOG.info("DynamoDB Local listening on {}:{}", text(properties, "local.dynamodb.host"), number(properties, "local.dynamodb.port"));
            }
            if (flag(properties, "local.sqs.enabled")) {
                sqs = new EmbeddedSqs(text(properties, "local.sqs.host"), number(properties, "local.sqs.port"),
                        Path.of(text(properties, "local.sqs.data-dir")));
                LOG.info("Local SQS (ElasticMQ) listening on {}:{}", text(properties, "local.sqs.host"), number(properties, "local.sqs.port"));
            }
            if (flag(properties, "local.coordinator.enabled")) {
                coordinator = new LraCoordinatorServer(text(properties, "local.coordinator.host"), number(properties, "local.coordinator.port"),
                        Path.of(text(properties, "local.coordinator.data-dir")),
                        number(properties, "local.coordinator.recovery-period-seconds"),
                        number(properties, "local.coordinator.recovery-backoff-seconds"));
                coordinator.start();
            }
        } catch (Exception e) {
            failed = true;
            close();
            throw new IllegalStateException("Could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterStart(BaseMainSupport main) {
        if (coordinator != null) {
            coordinator.startRecovery();
        }
    }

    /** Whether something this listener starts failed (Camel Main logs that, but still ends with 0). */
    public boolean failed() {
        return failed;
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        close();
    }

    /** Stops whatever is running; safe to call more than once. */
    @Override
    public void close() {
        if (coordinator != null) {
            coordinator.stop();
            coordinator = null;
        }
        dynamoDb = stop(dynamoDb, "DynamoDB Local");
        sqs = stop(sqs, "Local SQS");
    }

    private static <T extends AutoCloseable> T stop(T server, String name) {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", name, e.getMessage());
            }
        }
        return null;
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Missing property " + key));
    }

    private static boolean flag(PropertiesComponent properties, String key) {
        return Boolean.parseBoolean(text(properties, key).trim());
    }

    private static int number(PropertiesComponent properties, String key) {
        return Integer.parseInt(text(properties, key).trim());
    }
}
