package chaos;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JVM of this project's classpath, run as a separate process that can be killed -9 and started again. */
final class JavaProcess {

    private final String name;
    private final String mainClass;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Path log;
    private final int readyPort;
    private Process process;

    JavaProcess(String name, String mainClass, Map<String, String> systemProperties, Map<String, String> environment, Path log, int readyPort) {
        this.name = name;
        this.mainClass = mainClass;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.log = log;
        this.readyPort = readyPort;
    }

    /** Starts the process and waits until its port accepts connections. */
    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath()));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(mainClass);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (!accepts(readyPort)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                kill();
                throw new IllegalStateException(name + " did not start; see " + log);
            }
            Thread.sleep(200);
        }
    }

    /** kill -9: no shutdown hook, no clean close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** A clean stop (SIGTERM), at the end of a run. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(40), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    String name() {
        return name;
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Under Maven's surefire the test classpath is in its own property; from scripts/chaos.sh it is java.class.path. */
    private static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
