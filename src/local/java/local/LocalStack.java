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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import settings.Settings;

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
        Settings settings = new Settings(main.getCamelContext().getPropertiesComponent());
        try {
            if (settings.flag("local.dynamodb.enabled")) {
                dynamoDb = new EmbeddedDynamoDb(settings.text("local.dynamodb.host"), settings.number("local.dynamodb.port"),
                        Path.of(settings.text("local.dynamodb.data-dir")), settings.flag("local.dynamodb.in-memory"));
                dynamoDb.start();
                LOG.info("DynamoDB Local listening on {}:{}", settings.text("local.dynamodb.host"), settings.number("local.dynamodb.port"));
            }
            if (settings.flag("local.sqs.enabled")) {
                sqs = new EmbeddedSqs(settings.text("local.sqs.host"), settings.number("local.sqs.port"),
                        Path.of(settings.text("local.sqs.data-dir")));
                LOG.info("Local SQS (ElasticMQ) listening on {}:{}", settings.text("local.sqs.host"), settings.number("local.sqs.port"));
            }
            if (settings.flag("local.coordinator.enabled")) {
                coordinator = new LraCoordinatorServer(settings.text("local.coordinator.host"), settings.number("local.coordinator.port"),
                        Path.of(settings.text("local.coordinator.data-dir")),
                        settings.number("local.coordinator.recovery-period-seconds"),
                        settings.number("local.coordinator.recovery-backoff-seconds"));
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



}
