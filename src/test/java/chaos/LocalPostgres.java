package chaos;

import app.RunningApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for a test: Debian's binaries ({@code /usr/lib/postgresql/<version>/bin}),
 * a cluster made by initdb in a temporary folder, on 127.0.0.1 and a free port, its socket in that
 * folder. PostgreSQL refuses to run as root: as root, it runs as the {@code postgres} user, which
 * owns the folder. A database {@code lra} belongs to the role {@code lra}, whose password (random, of
 * this run) is in a file for the coordinator's {@code LRA_JDBC_PASSWORD_FILE}.
 * <p>
 * Missing binaries fail the test, not skip it: CI installs them ({@code .ci/run}).
 */
final class LocalPostgres implements AutoCloseable {

    private static final String DATABASE = "lra";
    private static final String USER = "lra";
    /** USER_HZ of Linux's /proc, 100 on every architecture this runs on (getconf CLK_TCK). */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final Path bin;
    private final Path home;
    private final int port;
    private final String superuserPassword;
    private final Path passwordFile;
    private final Thread stopAtExit = new Thread(this::stopServer, "postgres-stop");

    private LocalPostgres(Path bin, Path home, int port, String superuserPassword, Path passwordFile) {
        this.bin = bin;
        this.home = home;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.passwordFile = passwordFile;
    }

    /**
     * The CPU time the server has used: its postmaster's, the backends' that ended (the kernel adds
     * them to the postmaster's when it reaps them), and the running backends'. Linux only (/proc).
     */
    Duration cpuTime() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("data/postmaster.pid")).get(0).trim());
        // /proc/<pid>/stat after the name: state, then 10 fields; utime, stime, cutime and cstime follow, in clock ticks
        String[] fields = Files.readString(Path.of("/proc/" + postmaster + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        Duration running = ProcessHandle.of(postmaster).map(server -> server.descendants().map(JavaProcess::cpuOf)
                .reduce(Duration.ZERO, Duration::plus)).orElse(Duration.ZERO);
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND).plus(running);
    }

    /** Makes a cluster and starts it; the role's password file goes to {@code work}. */
    static LocalPostgres start(Path work) throws IOException, InterruptedException, SQLException {
        Path bin = binaries();
        Path home = Files.createTempDirectory("lra-postgres-");
        String superuserPassword = randomPassword();
        Files.writeString(home.resolve("superuser-password"), superuserPassword + "\n");
        if (runsAsRoot()) {
            UserPrincipal postgres = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(home, postgres);
            Files.setOwner(home.resolve("superuser-password"), postgres);
        }
        LocalPostgres server = new LocalPostgres(bin, home, RunningApp.freePort(), superuserPassword, work.resolve("lra-password"));
        server.run("initdb", "-D", home.resolve("data").toString(), "-U", "postgres", "-E", "UTF8", "--no-sync",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + home.resolve("superuser-password"));
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        // fsync off: these tests kill the coordinator, never PostgreSQL or the machine
        server.run("pg_ctl", "-D", home.resolve("data").toString(), "-l", home.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + server.port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        String password = randomPassword();
        Files.writeString(server.passwordFile, password + "\n");
        try (Connection connection = server.superuser("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        return server;
    }

    /** The coordinator's settings for a log in this server's database, in tables of this prefix. */
    Map<String, String> coordinatorSettings(String tablePrefix) {
        Map<String, String> settings = new HashMap<>();
        settings.put("LRA_STORE", "jdbc");
        settings.put("LRA_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
        settings.put("LRA_JDBC_USER", USER);
        settings.put("LRA_JDBC_PASSWORD_FILE", passwordFile.toString());
        settings.put("LRA_JDBC_TABLE_PREFIX", tablePrefix);
        return settings;
    }

    /**
     * Ends the sessions that hold an advisory lock in the database (pg_terminate_backend), as the
     * server does when it gives up on a client it lost; returns how many, once they are gone.
     */
    int terminateLockHolders() throws SQLException, InterruptedException {
        String holders = "FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = '"
                + DATABASE + "')";
        int terminated = 0;
        try (Connection connection = superuser(DATABASE); Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT pg_terminate_backend(pid) " + holders)) {
                while (result.next()) {
                    terminated++;
                }
            }
            for (int i = 0; i < 100; i++) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) " + holders)) {
                    result.next();
                    if (result.getInt(1) == 0) {
                        return terminated;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the lock holders' sessions did not end");
    }

    @Override
    public void close() throws IOException {
        stopServer();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }

    private void stopServer() {
        try {
            run("pg_ctl", "-D", home.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("could not stop PostgreSQL in " + home + ": " + e.getMessage());
        }
    }

    private Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", superuserPassword);
    }

    /** Runs one of the server's programs, as the postgres user when this JVM is root. */
    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (runsAsRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "):\n" + output);
        }
    }

    /** The newest of Debian's PostgreSQL versions installed; a test cannot run without one. */
    private static Path binaries() throws IOException {
        Path versions = Path.of("/usr/lib/postgresql");
        Optional<Path> newest = Optional.empty();
        if (Files.isDirectory(versions)) {
            try (Stream<Path> installed = Files.list(versions)) {
                newest = installed.filter(version -> version.getFileName().toString().matches("\\d+"))
                        .filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                        .map(version -> version.resolve("bin"));
            }
        }
        return newest.orElseThrow(() -> new IllegalStateException("PostgreSQL's server programs are not installed (no "
                + versions + "/<version>/bin/initdb): install them, e.g. `sudo apt-get install postgresql` (.ci/run does)"));
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
