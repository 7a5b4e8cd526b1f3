package coordinator;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.internal.arjuna.objectstore.jdbc.JDBCStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The coordinator's log in PostgreSQL: Narayana's JDBC object store in the table
 * {@code <prefix>jbosststxtable}, opened only once this coordinator holds the log's lock
 * ({@link LogLock}), and used only while it is sure it still holds it: the HTTP API and every
 * connection to the log are refused otherwise.
 * <p>
 * Settings (environment): {@code LRA_JDBC_URL}, {@code LRA_JDBC_USER}, the password in the file
 * {@code LRA_JDBC_PASSWORD_FILE} or in {@code LRA_JDBC_PASSWORD}, {@code LRA_JDBC_TABLE_PREFIX},
 * {@code LRA_JDBC_LOCK_WAIT_SECONDS} (empty: wait for the lock as long as it takes).
 */
final class PostgresLog implements AutoCloseable {

    /** A prefix becomes part of an unquoted table name: PostgreSQL's identifiers are at most 63 bytes, the table's own name 14. */
    private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,48}");
    private static final String TABLE = "JBossTSTxTable";
    private static final int POOL_SIZE = 10;

    private final String url;
    private final String user;
    private final String password;
    private final String tablePrefix;
    private final Duration lockWait;
    private LogLock lock;
    private HikariDataSource pool;

    PostgresLog(String url, String user, String password, String tablePrefix, Duration lockWait) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("LRA_JDBC_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), not: "
                    + withoutParameters(url));
        }
        if (tablePrefix == null || !TABLE_PREFIX.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("LRA_JDBC_TABLE_PREFIX must be a letter or _ then up to 48 letters, digits or _, not: " + tablePrefix);
        }
        if (lockWait != null && lockWait.isNegative()) {
            throw new IllegalArgumentException("LRA_JDBC_LOCK_WAIT_SECONDS must be 0 or more, or empty to wait as long as it takes");
        }
        this.url = url;
        this.user = user;
        this.password = password;
        this.tablePrefix = tablePrefix;
        this.lockWait = lockWait;
    }

    /** The log's settings; the password from the file {@code LRA_JDBC_PASSWORD_FILE} when it is set, else {@code LRA_JDBC_PASSWORD}. */
    static PostgresLog fromSettings(Function<String, String> setting) {
        String passwordFile = setting.apply("LRA_JDBC_PASSWORD_FILE");
        String password = passwordFile.isBlank() ? setting.apply("LRA_JDBC_PASSWORD") : readPassword(Path.of(passwordFile));
        String wait = setting.apply("LRA_JDBC_LOCK_WAIT_SECONDS");
        return new PostgresLog(setting.apply("LRA_JDBC_URL"), setting.apply("LRA_JDBC_USER"), password, setting.apply("LRA_JDBC_TABLE_PREFIX"),
                wait.isBlank() ? null : Duration.ofSeconds(Long.parseLong(wait.strip())));
    }

    /** The file's content without its final line break. */
    static String readPassword(Path file) {
        try {
            return Files.readString(file).replaceFirst("\\R\\z", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password from LRA_JDBC_PASSWORD_FILE " + file, e);
        }
    }

    /**
     * Takes the log's lock (waiting for it, or refusing after the configured wait), waits out any
     * earlier holder, then opens the pool of connections the JDBC store will use.
     */
    void open() throws InterruptedException {
        lock = new LogLock(url, credentials(), tablePrefix, LogLock.haltOnLoss());
        lock.acquire(lockWait);
        HikariConfig config = new HikariConfig();
        config.setPoolName("lra-log");
        config.setJdbcUrl(url);
        config.setDataSourceProperties(credentials());
        config.addDataSourceProperty("ApplicationName", "lra-coordinator log " + tablePrefix);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setAutoCommit(false); // Narayana's store commits each change itself
        config.setConnectionTimeout(5_000);
        pool = new HikariDataSource(config);
    }

    /** Narayana's action store (its default store) in the table {@code <prefix>jbosststxtable}, created if missing. */
    void configure(ObjectStoreEnvironmentBean store) {
        store.setObjectStoreType(JDBCStore.class.getName());
        store.setJdbcDataSource(new LockedDataSource(pool, lock));
        store.setTablePrefix(tablePrefix);
        store.setCreateTable(true);
        store.setDropTable(false);
    }

    /** Refuses every request while this coordinator is not sure it still holds the log's lock. */
    ContainerRequestFilter gate() {
        return new LockGate(lock);
    }

    /** Where the log is, for the log line at start: no password, no URL parameters. */
    String describe() {
        return "PostgreSQL " + withoutParameters(url) + " table " + tablePrefix + TABLE.toLowerCase(java.util.Locale.ROOT)
                + (user.isBlank() ? "" : " as " + user);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return describe();
    }

    private Properties credentials() {
        Properties properties = new Properties();
        if (!user.isBlank()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    private static String withoutParameters(String url) {
        return url == null ? null : url.replaceFirst("\\?.*", "");
    }

    /** Answers 503 to every request while {@link LogLock#confirmed()} is false. */
    @PreMatching
    public static final class LockGate implements ContainerRequestFilter {

        private final LogLock lock;

        LockGate(LogLock lock) {
            this.lock = lock;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!lock.confirmed()) {
                request.abortWith(Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_PLAIN_TYPE)
                        .entity("this coordinator is not sure it still holds its log's lock").build());
            }
        }
    }

    /** The pool, as long as the lock is confirmed: a coordinator that is not sure of its lock neither reads nor writes the log. */
    private static final class LockedDataSource implements DataSource {

        private final DataSource pool;
        private final LogLock lock;

        LockedDataSource(DataSource pool, LogLock lock) {
            this.pool = pool;
            this.lock = lock;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (!lock.confirmed()) {
                throw new SQLException("not sure this coordinator still holds its log's lock");
            }
            return pool.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the log's pool has its own credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }

        @Override
        public String toString() {
            return "lra-log";
        }
    }
}
