package chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * nginx from Debian's package, in front of the app replicas (the API and the coordinators' callbacks)
 * and of a coordinator whose address must outlive its process. It passes the original Host on, as a
 * proxy in front of a coordinator must: Narayana builds its LRA ids from it.
 */
public final class Nginx {

    private final Path work;
    private Process process;

    Nginx(Path work) {
        this.work = work;
    }

    /**
     * Serves {@code appsPort} from the replicas, and each of {@code fronts} (a port) from its
     * coordinator ports in order: the first while it answers, then the next.
     */
    void start(int appsPort, List<Integer> replicas, List<Front> fronts) throws IOException, InterruptedException {
        Files.createDirectories(work.resolve("nginx-temp"));
        String upstreams = upstream("replicas", replicas, false) + fronts.stream()
                .map(front -> upstream("coordinator_" + front.port(), front.backends(), true)).collect(Collectors.joining());
        String servers = server(appsPort, "replicas") + fronts.stream()
                .map(front -> server(front.port(), "coordinator_" + front.port())).collect(Collectors.joining());
        Path config = work.resolve("nginx.conf");
        Files.writeString(config, """
                user root;
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/nginx-temp/body;
                    proxy_temp_path %1$s/nginx-temp/proxy;
                    fastcgi_temp_path %1$s/nginx-temp/fastcgi;
                    uwsgi_temp_path %1$s/nginx-temp/uwsgi;
                    scgi_temp_path %1$s/nginx-temp/scgi;
                %2$s%3$s}
                """.formatted(work.toAbsolutePath(), upstreams, servers));
        process = new ProcessBuilder(binary(), "-c", config.toAbsolutePath().toString(), "-p", work.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("nginx.log").toFile())).start();
        Thread.sleep(500);
        if (!process.isAlive()) {
            throw new IllegalStateException("nginx did not start (is Debian's nginx installed?); see " + work.resolve("nginx.log"));
        }
    }

    /** Debian's nginx: /usr/sbin is not on every PATH. */
    public static String binary() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    /** The CPU time nginx's master and workers have used. */
    Duration cpuTime() {
        return process.descendants().map(JavaProcess::cpuOf).reduce(JavaProcess.cpuOf(process.toHandle()), Duration::plus);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    /** A port nginx listens on for a coordinator, and the coordinator's own ports: the first, then its replacements. */
    record Front(int port, List<Integer> backends) {
    }

    private static String upstream(String name, List<Integer> ports, boolean inOrder) {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < ports.size(); i++) {
            servers.append("        server 127.0.0.1:").append(ports.get(i)).append(" max_fails=1 fail_timeout=2s")
                    .append(inOrder && i > 0 ? " backup" : "").append(";\n");
        }
        return "    upstream " + name + " {\n" + servers + "        keepalive 32;\n    }\n";
    }

    /** A refused connection goes to the next server; a request that reached a replica that died is not sent twice (nginx's default for PUT and POST). */
    private static String server(int port, String upstream) {
        return """
                    server {
                        listen 127.0.0.1:%d;
                        location / {
                            proxy_pass http://%s;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_set_header Host $http_host;
                            proxy_next_upstream error timeout http_502 http_503;
                            proxy_connect_timeout 1s;
                            proxy_read_timeout 60s;
                        }
                    }
                """.formatted(port, upstream);
    }
}
