package coordinator;

import com.arjuna.ats.arjuna.common.CoordinatorEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.internal.arjuna.objectstore.hornetq.HornetqJournalEnvironmentBean;
import com.arjuna.ats.internal.arjuna.objectstore.hornetq.HornetqObjectStoreAdaptor;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import io.narayana.lra.coordinator.api.Coordinator;
import io.narayana.lra.coordinator.api.CoordinatorContainerFilter;
import io.narayana.lra.coordinator.internal.Implementations;
import io.narayana.lra.coordinator.internal.LRARecoveryModule;
import io.undertow.Undertow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.undertow.UndertowJaxrsServer;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Narayana LRA coordinator as a plain Java program (no CDI, no application server): its JAX-RS
 * resource on Undertow at http://host:port/lra-coordinator, its log in Narayana's journal store
 * (appended records, each synced before the coordinator answers), or in PostgreSQL
 * ({@link PostgresLog}: Narayana's JDBC store, behind a lock that keeps a second coordinator off it).
 * The order-saga app runs this same class in its own JVM by default, with the journal store.
 */
public final class LraCoordinatorServer {

    private static final Logger LOG = LoggerFactory.getLogger(LraCoordinatorServer.class);
    private static final int WORKER_THREADS = 200;

    private final String host;
    private final int port;
    private final Path objectStoreDir;
    private final int recoveryPeriodSeconds;
    private final int recoveryBackoffSeconds;
    /** The log in PostgreSQL; null: the journal store in {@link #objectStoreDir}. */
    private final PostgresLog postgresLog;
    private UndertowJaxrsServer server;

    /** A coordinator with its log in Narayana's journal store, in {@code objectStoreDir/journal}. */
    public LraCoordinatorServer(String host, int port, Path objectStoreDir, int recoveryPeriodSeconds, int recoveryBackoffSeconds) {
        this(host, port, objectStoreDir, recoveryPeriodSeconds, recoveryBackoffSeconds, null);
    }

    LraCoordinatorServer(String host, int port, Path objectStoreDir, int recoveryPeriodSeconds, int recoveryBackoffSeconds, PostgresLog postgresLog) {
        this.postgresLog = postgresLog;
        this.host = host;
        this.port = port;
        this.objectStoreDir = objectStoreDir;
        this.recoveryPeriodSeconds = recoveryPeriodSeconds;
        this.recoveryBackoffSeconds = recoveryBackoffSeconds;
    }

    /**
     * Serves the coordinator's API. Recovery (retrying failed callbacks) waits for {@link #startRecovery()}.
     * With the log in PostgreSQL, first waits for the log's lock (or refuses, after LRA_JDBC_LOCK_WAIT_SECONDS).
     */
    public void start() throws InterruptedException {
        if (postgresLog != null) {
            postgresLog.open(); // the lock before the store: no second coordinator ever opens this log
        }
        keepLogPrivate();
        warnOfEarlierFileStore();
        configureNarayana();
        RecoveryManager.delayRecoveryManagerThread();
        Implementations.install();
        LRARecoveryModule.getInstance(); // creates the recovery manager and registers the LRA module with it
        // Each close or cancel holds a worker while the coordinator calls the participants back, and a
        // participant may ask the coordinator about the saga meanwhile (a status read): Undertow's
        // default of 8 workers a core would let a burst of closes starve those reads.
        server = new UndertowJaxrsServer().start(Undertow.builder().addHttpListener(port, host).setWorkerThreads(WORKER_THREADS));
        ResteasyDeployment deployment = new ResteasyDeploymentImpl();
        deployment.getActualResourceClasses().add(Coordinator.class);
        deployment.getActualProviderClasses().add(CoordinatorContainerFilter.class);
        if (postgresLog != null) {
            deployment.getProviders().add(postgresLog.gate());
        }
        server.deploy(server.undertowDeployment(deployment, "/")
                .setClassLoader(new ServiceFileCache(LraCoordinatorServer.class.getClassLoader()))
                .setContextPath("/")
                .setDeploymentName("lra-coordinator"));
        LOG.info("LRA coordinator listening on http://{}:{}/lra-coordinator, log in {}", host, port,
                postgresLog == null ? objectStoreDir.toAbsolutePath() : postgresLog.describe());
    }

    /**
     * Starts the periodic recovery pass that completes or compensates LRAs whose callbacks failed,
     * including those found in the log after a restart. Start it once the participants can answer:
     * a first pass that meets refused connections waits a whole period before it tries again.
     */
    public void startRecovery() {
        RecoveryManager.manager().startRecoveryManagerThread();
    }

    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        RecoveryManager.manager().terminate();
        Implementations.uninstall();
        if (postgresLog != null) {
            postgresLog.close();
        }
    }

    /** The log holds every participant's callback URL, tokens included: readable by this user only. */
    private void keepLogPrivate() {
        try {
            Files.createDirectories(objectStoreDir);
            if (Files.getFileStore(objectStoreDir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(objectStoreDir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the coordinator's log folder " + objectStoreDir, e);
        }
    }

    /**
     * Earlier builds logged to Narayana's file store in the same directory. The journal store does
     * not read it: LRAs left there are not finished by this coordinator, so say so loudly.
     */
    private void warnOfEarlierFileStore() {
        long records = recordsOfEarlierFileStore(objectStoreDir);
        if (records > 0) {
            LOG.warn("{} holds LRA records of the earlier file store ({} files), which this coordinator does not read: run the earlier "
                    + "version until GET /lra-coordinator lists no LRA, then delete that folder", earlierFileStore(objectStoreDir), records);
        }
    }

    static Path earlierFileStore(Path objectStoreDir) {
        return objectStoreDir.resolve("ShadowNoFileLockStore");
    }

    static long recordsOfEarlierFileStore(Path objectStoreDir) {
        Path store = earlierFileStore(objectStoreDir);
        if (!Files.isDirectory(store)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not look into {} for an earlier file store", store, e);
            return 0;
        }
    }

    private void configureNarayana() {
        String dir = objectStoreDir.toAbsolutePath().toString();
        for (String store : new String[] {null, "default", "communicationStore", "stateStore"}) {
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, store).setObjectStoreDir(dir);
        }
        if (postgresLog != null) {
            postgresLog.configure(BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class));
        } else {
            configureJournal();
        }
        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        recovery.setRecoveryListener(false); // no TCP listener for out-of-process recovery requests
        recovery.setPeriodicRecoveryPeriod(recoveryPeriodSeconds);
        recovery.setRecoveryBackoffPeriod(recoveryBackoffSeconds);
        BeanPopulator.getDefaultInstance(CoordinatorEnvironmentBean.class).setTransactionStatusManagerEnable(false);
    }

    private void configureJournal() {
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreType(HornetqObjectStoreAdaptor.class.getName());
        HornetqJournalEnvironmentBean journal = BeanPopulator.getDefaultInstance(HornetqJournalEnvironmentBean.class);
        journal.setStoreDir(objectStoreDir.resolve("journal").toAbsolutePath().toString());
        journal.setAsyncIO(false); // Java NIO: no native library to load, the same on every OS
        journal.setSyncWrites(true); // Narayana's defaults, set here so no system property can turn them off
        journal.setSyncDeletes(true);
    }

    /** The settings {@link #main} reads from the environment, with their defaults (docs/operations.md). */
    public static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("LRA_HOST", "127.0.0.1"),
            Map.entry("LRA_PORT", "8081"),
            Map.entry("LRA_DATA_DIR", "data/lra-coordinator"),
            Map.entry("LRA_RECOVERY_PERIOD_SECONDS", "30"),
            Map.entry("LRA_RECOVERY_BACKOFF_SECONDS", "5"),
            // the log: journal (in LRA_DATA_DIR) or jdbc (PostgreSQL, PostgresLog)
            Map.entry("LRA_STORE", "journal"),
            Map.entry("LRA_JDBC_URL", ""),
            Map.entry("LRA_JDBC_USER", ""),
            Map.entry("LRA_JDBC_PASSWORD", ""),
            Map.entry("LRA_JDBC_PASSWORD_FILE", ""),
            Map.entry("LRA_JDBC_TABLE_PREFIX", "lra_"),
            Map.entry("LRA_JDBC_LOCK_WAIT_SECONDS", ""));

    /** Runs the coordinator on its own, configured by the environment variables of {@link #SETTINGS}. */
    public static void main(String[] args) throws InterruptedException {
        LraCoordinatorServer coordinator;
        try {
            coordinator = fromEnvironment(System.getenv());
            coordinator.start();
        } catch (RuntimeException e) {
            LOG.error("LRA coordinator not started: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        coordinator.startRecovery();
        Runtime.getRuntime().addShutdownHook(new Thread(coordinator::stop, "lra-coordinator-stop"));
    }

    public static LraCoordinatorServer fromEnvironment(Map<String, String> env) {
        Function<String, String> setting = name -> {
            String value = env.get(name);
            return value == null || value.isBlank() ? SETTINGS.get(name) : value;
        };
        String store = setting.apply("LRA_STORE").strip().toLowerCase(Locale.ROOT);
        PostgresLog postgresLog = switch (store) {
            case "journal" -> null;
            case "jdbc" -> PostgresLog.fromSettings(setting);
            default -> throw new IllegalArgumentException("LRA_STORE must be journal or jdbc, not: " + store);
        };
        return new LraCoordinatorServer(setting.apply("LRA_HOST"), Integer.parseInt(setting.apply("LRA_PORT")),
                Path.of(setting.apply("LRA_DATA_DIR")), Integer.parseInt(setting.apply("LRA_RECOVERY_PERIOD_SECONDS")),
                Integer.parseInt(setting.apply("LRA_RECOVERY_BACKOFF_SECONDS")), postgresLog);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
