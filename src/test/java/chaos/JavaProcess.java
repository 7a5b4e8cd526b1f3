package chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JVM of this project's classpath, run as a separate process that can be killed -9 and started again. */
public final class JavaProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String mainClass;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Path log;
    private final int readyPort;
    private volatile Process process;
    /** CPU time of the earlier runs of this process (each kill and restart is a new one). */
    private volatile Duration cpuOfEarlierRuns = Duration.ZERO;

    public JavaProcess(String name, String mainClass, Map<String, String> systemProperties, Map<String, String> environment, Path log, int readyPort) {
        this.name = name;
        this.mainClass = mainClass;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.log = log;
        this.readyPort = readyPort;
    }

    /**
     * Starts the process and waits until it answers HTTP on its port. (A bare connect is not enough:
     * a connect to a free port can pick that very port as its own and connect to itself.)
     */
    void start() throws IOException, InterruptedException {
        launch();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!answersHttp()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                kill();
                throw new IllegalStateException(name + " did not start; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** Starts the process without waiting for it to answer (a coordinator waiting for its log's lock does not). */
    public void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath()));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(mainClass);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** Whether it answers HTTP on its port now, with any status. */
    boolean answersHttp() throws InterruptedException {
        return answersHttp(readyPort);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end: its exit status, or null while it still runs. */
    public Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    /** The port it answers HTTP on. */
    int port() {
        return readyPort;
    }

    /** kill -9: no shutdown hook, no clean close. */
    public void kill() throws InterruptedException {
        cpuOfEarlierRuns = cpuOfEarlierRuns.plus(cpuOf(process));
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Freezes the process (SIGSTOP) and lets it run on (SIGCONT) after {@code duration}: to its peers
     * it hangs, like a host cut off the network. Connections stay open; calls to it wait.
     */
    void freeze(Duration duration) throws IOException, InterruptedException {
        Process frozen = process;
        signal(frozen, "STOP");
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            signal(frozen, "CONT");
        }
    }

    /** kill -STOP: frozen until {@link #thaw()}. */
    void suspend() throws IOException, InterruptedException {
        signal(process, "STOP");
    }

    /** kill -CONT, if it runs. */
    void thaw() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            signal(process, "CONT");
        }
    }

    /** Sends the signal; a process killed meanwhile (a chaos kill during a freeze) needs none. */
    private void signal(Process target, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (exit != 0 && target.isAlive()) {
            throw new IllegalStateException("kill -" + signal + " " + name + " exited " + exit);
        }
    }

    /** A clean stop (SIGTERM), at the end of a run. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            cpuOfEarlierRuns = cpuOfEarlierRuns.plus(cpuOf(process));
            process.destroy();
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(40), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    String name() {
        return name;
    }

    /** The CPU time this process has used over all its runs so far (user and system, as the OS counts it). */
    Duration cpuTime() {
        Process current = process;
        return cpuOfEarlierRuns.plus(current != null && current.isAlive() ? cpuOf(current) : Duration.ZERO);
    }

    static Duration cpuOf(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static Duration cpuOf(Process process) {
        return cpuOf(process.toHandle());
    }

    private static boolean answersHttp(int port) throws InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true; // any status: the server is up
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Under Maven's surefire the test classpath is in its own property; from scripts/chaos.sh it is java.class.path. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
