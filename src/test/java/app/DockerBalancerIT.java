package app;

import chaos.Nginx;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docker-compose's balancer (docker/nginx.conf) run by Debian's nginx, with its upstream replicas
 * replaced by one loopback server that records what reaches it: users' listener never passes a saga
 * callback on, the callbacks' listener does, and the access log never holds a callback's token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerBalancerIT {

    private static final String TOKEN = "k7Qy2x_TOKEN_Fz0";
    private static final String CALLBACK = "/lra-participant/compensate?callbackToken=" + TOKEN + "&orderId=7";

    private final List<String> reached = new CopyOnWriteArrayList<>();
    private HttpServer replica;
    private Process nginx;
    private Path work;
    private int users;
    private int callbacks;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("balancer");
        replica = HttpServer.create(new InetSocketAddress("127.0.0.1", RunningApp.freePort()), 0);
        replica.createContext("/", exchange -> {
            reached.add(exchange.getRequestURI() + " X-Real-IP=" + exchange.getRequestHeaders().getFirst("X-Real-IP"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        replica.start();
        users = RunningApp.freePort();
        callbacks = RunningApp.freePort();
        String config = Files.readString(Path.of("docker/nginx.conf"));
        for (String expected : List.of("listen 8080;", "listen 8079;", "access_log /dev/stdout paths;", "error_log /dev/stderr crit;")) {
            assertThat(config).contains(expected);
        }
        String replicaAddress = "server 127.0.0.1:" + replica.getAddress().getPort() + ";";
        config = config.replaceAll("server order-saga-\\d+:8080;", replicaAddress)
                .replace("listen 8080;", "listen 127.0.0.1:" + users + ";")
                .replace("listen 8079;", "listen 127.0.0.1:" + callbacks + ";")
                .replace("access_log /dev/stdout paths;", "access_log " + work.resolve("access.log") + " paths;")
                .replace("error_log /dev/stderr crit;", "error_log " + work.resolve("callbacks-error.log") + " crit;");
        Path file = Files.writeString(work.resolve("nginx.conf"), config);
        nginx = new ProcessBuilder(Nginx.binary(), "-p", work.toString(), "-c", file.toString(),
                "-g", "daemon off; user root; pid " + work.resolve("nginx.pid") + "; error_log " + work.resolve("error.log") + ";")
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx.out").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> send(users, "/api/orders") == 200);
    }

    @BeforeEach
    void forget() {
        reached.clear();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor();
        }
        if (replica != null) {
            replica.stop(0);
        }
    }

    @Test
    void usersListenerRefusesCallbacks() throws Exception {
        assertThat(send(users, CALLBACK)).isEqualTo(404);
        assertThat(send(users, "/lra-participant/ended?orderId=7")).isEqualTo(404);
        assertThat(reached).noneMatch(uri -> uri.startsWith("/lra-participant"));

        assertThat(send(users, "/api/orders/7")).isEqualTo(200);
        assertThat(reached).containsExactly("/api/orders/7 X-Real-IP=127.0.0.1");
    }

    @Test
    void callbacksListenerServesOnlyCallbacksAndLogsNoToken() throws Exception {
        assertThat(send(callbacks, "/api/orders/7")).isEqualTo(404);
        assertThat(send(callbacks, CALLBACK)).isEqualTo(200);
        assertThat(reached).containsExactly(CALLBACK + " X-Real-IP=null");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(work.resolve("access.log")).contains("/lra-participant/compensate"));
        assertThat(Files.readString(work.resolve("access.log"))).doesNotContain(TOKEN);
    }

    private static int send(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
