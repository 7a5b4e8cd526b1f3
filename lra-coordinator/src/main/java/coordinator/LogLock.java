package coordinator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One coordinator on one log: a PostgreSQL advisory lock on a key derived from the log's table
 * prefix, held on a connection of its own for the coordinator's life.
 * <p>
 * A lock alone does not fence: PostgreSQL frees it as soon as it sees the holder's session end, which
 * on a lost machine takes as long as TCP keepalive (set short here, server side) while the holder may
 * still be running, cut off. So the holder checks its lock connection every second ({@code SELECT 1},
 * with a short socket timeout) and halts its JVM as soon as a check fails; and it serves only while its
 * last good check was sent less than {@link #LEASE} ago ({@link #confirmed()}), so a holder that was
 * frozen or starved refuses requests until a check has succeeded again, or it exits. A coordinator
 * that takes the lock waits {@link #GRACE} (longer than the lease) before it opens the log: by then
 * any holder that lost the lock has stopped serving.
 */
final class LogLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogLock.class);

    static final Duration CHECK_PERIOD = Duration.ofSeconds(1);
    /** A check (or any read on the lock connection) that gets no answer within this fails. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** Serve only while the last good check was sent less than this ago. */
    static final Duration LEASE = Duration.ofSeconds(3);
    /** After taking the lock, wait this long before opening the log: a holder that lost it has stopped serving. */
    static final Duration GRACE = LEASE.plusSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration SAY_WAITING_EVERY = Duration.ofSeconds(5);
    /** Exit status of a coordinator that lost its lock. */
    static final int LOST_LOCK_EXIT = 3;

    private final String url;
    private final Properties properties;
    private final String tablePrefix;
    private final long key;
    private final Runnable onLost;
    private Connection connection;
    private ScheduledExecutorService checks;
    private volatile long lastGoodCheckSent;
    private volatile boolean lost;
    private volatile boolean closing;

    /**
     * @param properties the connection's user and password; the lock connection adds its keepalive and timeouts
     * @param onLost what to do once the lock connection failed ({@link #haltOnLoss()} in a coordinator)
     */
    LogLock(String url, Properties properties, String tablePrefix, Runnable onLost) {
        this.url = url;
        this.properties = lockConnectionProperties(properties, tablePrefix);
        this.tablePrefix = tablePrefix;
        this.key = key(tablePrefix);
        this.onLost = onLost;
    }

    /** The lock's key: PostgreSQL folds unquoted table names to lower case, so "Lra_" and "lra_" are one log. */
    static long key(String tablePrefix) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("lra-coordinator log " + tablePrefix.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the lock, retrying every second while another coordinator holds it (saying so every few
     * seconds), then waits {@link #GRACE} while checking it, and keeps checking it from then on.
     *
     * @param maxWait how long to wait for the lock before refusing; null: as long as it takes
     * @throws IllegalStateException when the lock is still held by another after {@code maxWait}
     */
    void acquire(Duration maxWait) throws InterruptedException {
        long started = System.nanoTime();
        long lastSaid = started - SAY_WAITING_EVERY.toNanos();
        while (true) {
            String holder;
            try {
                if (connection == null) {
                    connection = connect();
                }
                if (tryLock()) {
                    break;
                }
                holder = "another coordinator holds it (" + holder() + ")";
            } catch (SQLException e) {
                closeQuietly();
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.startsWith("28") || state.startsWith("3D")) { // wrong user or password, no such database: no use waiting
                    throw new IllegalStateException("cannot open the log " + tablePrefix + "'s database: " + e.getMessage(), e);
                }
                holder = "the database does not answer (" + e.getMessage() + ")";
            }
            long waited = System.nanoTime() - started;
            if (maxWait != null && waited >= maxWait.toNanos()) {
                closeQuietly();
                throw new IllegalStateException("no lock of the log " + tablePrefix + " after " + maxWait.toSeconds()
                        + " s (LRA_JDBC_LOCK_WAIT_SECONDS): " + holder + "; refusing to start");
            }
            if (System.nanoTime() - lastSaid >= SAY_WAITING_EVERY.toNanos()) {
                LOG.warn("waiting for the lock of the log {}: {}; waited {} s", tablePrefix, holder,
                        TimeUnit.NANOSECONDS.toSeconds(waited));
                lastSaid = System.nanoTime();
            }
            Thread.sleep(RETRY.toMillis());
        }
        lastGoodCheckSent = System.nanoTime();
        checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lra-log-lock-check");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::check, CHECK_PERIOD.toMillis(), CHECK_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("took the lock of the log {}; opening it in {} s, once any earlier holder has stopped serving", tablePrefix, GRACE.toSeconds());
        Thread.sleep(GRACE.toMillis());
        if (!confirmed()) {
            throw new IllegalStateException("lost the lock of the log " + tablePrefix + " while starting");
        }
    }

    /** Whether this coordinator may serve: it holds the lock, as a check sent less than {@link #LEASE} ago showed. */
    boolean confirmed() {
        return !lost && System.nanoTime() - lastGoodCheckSent < LEASE.toNanos();
    }

    private void check() {
        long sent = System.nanoTime();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1")) {
            result.next();
            lastGoodCheckSent = sent;
        } catch (SQLException | RuntimeException e) {
            if (closing) {
                return;
            }
            lost = true;
            LOG.error("LOST THE LOCK of the log {}: its connection failed ({}). Another coordinator may take the log over: "
                    + "this one stops serving now", tablePrefix, e.getMessage());
            onLost.run();
        }
    }

    /** Ends the JVM at once, with {@link #LOST_LOCK_EXIT}: no shutdown hook may write to the log any more. */
    static Runnable haltOnLoss() {
        return () -> Runtime.getRuntime().halt(LOST_LOCK_EXIT);
    }

    @Override
    public void close() {
        closing = true;
        if (checks != null) {
            checks.shutdownNow();
        }
        closeQuietly();
    }

    private Connection connect() throws SQLException {
        Connection opened = DriverManager.getConnection(url, properties);
        try (Statement statement = opened.createStatement()) {
            // the server's side of the lock connection: a lost client is noticed within about 11 s
            // (5 s idle, then 3 probes 2 s apart, or 10 s of unacknowledged data), and the lock freed
            statement.execute("SET tcp_keepalives_idle = 5");
            statement.execute("SET tcp_keepalives_interval = 2");
            statement.execute("SET tcp_keepalives_count = 3");
            statement.execute("SET tcp_user_timeout = 10000");
        } catch (SQLException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private boolean tryLock() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** Who holds the lock, as far as this user may see. */
    private String holder() {
        String sql = "SELECT a.pid, a.client_addr, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = ? AND l.objid::bigint = ?"
                + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xffffffffL);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? "session " + result.getInt(1) + " from " + result.getString(2) + ", " + result.getString(3) : "gone";
            }
        } catch (SQLException e) {
            return "not visible: " + e.getMessage();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            connection = null;
        }
    }

    private static Properties lockConnectionProperties(Properties credentials, String tablePrefix) {
        Properties properties = new Properties();
        properties.putAll(credentials);
        properties.setProperty("ApplicationName", "lra-coordinator lock " + tablePrefix);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", Long.toString(CHECK_TIMEOUT.toSeconds() + 3));
        properties.setProperty("socketTimeout", Long.toString(CHECK_TIMEOUT.toSeconds()));
        return properties;
    }
}
