package chaos;

import app.RunningApp;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A participant of LRAs for the coordinator's tests, and the calls to a coordinator they make: it
 * counts the completions and compensations it is called for, per LRA id; while {@link #down} it
 * answers its completions 503 (the coordinator retries them on its recovery passes).
 */
final class TestParticipant implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final Map<String, Integer> completions = new ConcurrentHashMap<>();
    final Map<String, Integer> compensations = new ConcurrentHashMap<>();
    volatile boolean down;
    private final HttpServer server;

    TestParticipant() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", RunningApp.freePort()), 0);
        server.createContext("/complete", exchange -> {
            String lra = exchange.getRequestHeaders().getFirst("Long-Running-Action");
            int status = down ? 503 : 200;
            if (status == 200) {
                completions.merge(lra, 1, Integer::sum);
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/compensate", exchange -> {
            compensations.merge(exchange.getRequestHeaders().getFirst("Long-Running-Action"), 1, Integer::sum);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** Starts an LRA at the coordinator and joins it: the LRA's id. */
    String startLra(String coordinatorUrl) throws IOException, InterruptedException {
        HttpResponse<String> started = send("POST", coordinatorUrl + "/start?ClientID=coordinator-log-test");
        assertThat(started.statusCode()).isEqualTo(201);
        String lra = started.body();
        String participantUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        String links = "<" + participantUrl + "/compensate>; rel=\"compensate\", <" + participantUrl + "/complete>; rel=\"complete\"";
        HttpResponse<String> joined = HTTP.send(HttpRequest.newBuilder(URI.create(lra)).header("Link", links)
                .PUT(HttpRequest.BodyPublishers.ofString(links)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        return lra;
    }

    /** The LRA's status at the coordinator its id names, or "HTTP <status>". */
    static String status(String lra) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", lra + "/status");
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    }

    /**
     * The same LRA's id at another coordinator (a replacement on another address): Narayana finds an
     * LRA by the last part of its id.
     */
    static String at(String coordinatorUrl, String lra) {
        return coordinatorUrl + lra.substring(lra.lastIndexOf('/'));
    }

    static HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
