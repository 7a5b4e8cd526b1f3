package app;

import com.fasterxml.jackson.databind.JsonNode;
import console.ConsoleUser;
import domain.Participant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API, the saga view and the metrics on every address (0.0.0.0) with the login on: anonymous
 * callers, wrong passwords and missing roles are refused; the orders and operator roles get what
 * they may; health and the saga callbacks need no login; a flood from one client gets 429.
 */
class ApiLoginIT extends WithRunningApp {

    private final ConsoleUser clerk = ConsoleUser.withRole("olga", "orders");
    private final ConsoleUser operator = ConsoleUser.withRole("otto", "operator");
    private final ConsoleUser viewer = ConsoleUser.withRole("vic", "viewer");
    /** A second user of the orders role, never removed. */
    private final ConsoleUser keptClerk = ConsoleUser.withRole("oda", "orders");
    private final HttpClient http = HttpClient.newHttpClient();
    private Path usersDir;

    @Override
    protected Map<String, String> overrides() {
        try {
            usersDir = Files.createTempDirectory("users");
            return Map.of("app.host", "0.0.0.0", "api.authentication-enabled", "true",
                    "users.file", ConsoleUser.usersFile(usersDir, clerk, operator, viewer, keptClerk).toString(),
                    // requests are told apart by this header, so each test is its own client for the rate limit
                    "api.client-address-header", "X-Client", "api.requests-per-second", "2", "api.burst", "10",
                    "api.retry-after-seconds", "7");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("anonymous, a wrong password and a user without a role of the API are refused; health stays open")
    void refusals() {
        for (String path : List.of("/api/orders", "/", "/observe/metrics")) {
            HttpResponse<String> anonymous = send("anon", get(path));
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
            assertThat(anonymous.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        assertThat(send("anon", login(get("/api/orders"), "olga", "not-" + clerk.password())).statusCode()).isEqualTo(401);
        assertThat(send("anon", login(get("/api/orders"), "nobody", "x")).statusCode()).isEqualTo(401);
        assertThat(send("anon", as(get("/api/orders"), viewer)).statusCode()).isEqualTo(403);
        HttpResponse<String> health = send("anon", get("/observe/health"));
        assertThat(health.statusCode()).isIn(200, 503); // answered (UP or DOWN), not 401
        assertThat(health.body()).contains("\"status\"");
    }

    @Test
    @DisplayName("the orders role submits and reads orders without saga ids; redrive and metrics need the operator role")
    void rolesAllowWhatTheyShould() {
        HttpResponse<String> posted = send("roles", as(post("/api/orders", OrderJson.order("47000000-login", "811", 1)), clerk));
        assertThat(posted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                "COMPLETED".equals(OrderJson.parse(send("roles", as(get("/api/orders/47000000-login"), clerk))).get("status").asText()));

        JsonNode seenByClerk = OrderJson.parse(send("roles", as(get("/api/orders/47000000-login"), clerk)));
        JsonNode seenByOperator = OrderJson.parse(send("roles", as(get("/api/orders/47000000-login"), operator)));
        assertThat(seenByClerk.has("lra_id")).isFalse();
        assertThat(seenByOperator.get("lra_id").asText()).contains("/lra-coordinator/");
        assertThat(send("roles", as(get("/orders/47000000-login"), clerk)).body()).doesNotContain("/lra-coordinator/");

        assertThat(send("roles", as(post("/api/orders/47000000-login/redrive", ""), clerk)).statusCode()).isEqualTo(403);
        assertThat(send("roles", as(post("/api/orders/47000000-login/redrive/", ""), clerk)).statusCode()).isEqualTo(403);
        assertThat(send("roles", as(post("/api/orders/47000000-login/redrive", ""), operator).header("Origin", "http://evil.example"))
                .statusCode()).as("a cross-site POST, the operator's login cached by the browser").isEqualTo(403);
        assertThat(send("roles", as(post("/api/orders/47000000-login/redrive", ""), operator)).statusCode()).isEqualTo(409);
        assertThat(send("roles", as(get("/observe/metrics"), clerk)).statusCode()).isEqualTo(403);
        assertThat(send("roles", as(get("/observe/metrics"), operator)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("the console's redrive button, a customer's erasure and the bulk redrive need the operator role")
    void operatorDoors() {
        // the button posts from the console's own page (the order is unknown: 404 once through the door);
        // a user of the orders role is refused
        String page = app.url(false);
        assertThat(send("doors", as(post("/orders/47000000-nobody/redrive", ""), keptClerk).header("Origin", page)).statusCode()).isEqualTo(403);
        assertThat(send("doors", as(post("/orders/47000000-nobody/redrive", ""), operator).header("Origin", page)).statusCode()).isEqualTo(404);
        assertThat(send("doors", as(post("/api/erasures", "{\"customer_id\": \"nobody\"}"), keptClerk)).statusCode()).isEqualTo(403);
        assertThat(send("doors", as(post("/api/erasures", "{\"customer_id\": \"nobody\"}"), operator)).statusCode()).isEqualTo(200);
        assertThat(send("doors", as(post("/api/redrives", "{\"dry_run\": true}"), keptClerk)).statusCode()).isEqualTo(403);
    }

    @Test
    @DisplayName("a request's headers and query parameters are never echoed as response headers")
    void nothingEchoed() {
        HttpResponse<String> answer = send("echo", as(get("/api/orders?Access-Control-Allow-Origin=http://evil.example&Set-Cookie=x%3D1"), clerk)
                .header("Refresh", "0;url=http://evil.example"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().map().keySet()).map(String::toLowerCase)
                .doesNotContain("access-control-allow-origin", "set-cookie", "refresh", "x-client");
        // the few response headers the routes set are refused as parameters, which would set them otherwise
        for (String asked : List.of("/?Location=https://evil.example", "/api/orders?Content-Type=text/html", "/?retry-after=1")) {
            HttpResponse<String> refused = send("echo", as(get(asked), clerk));
            assertThat(refused.statusCode()).as(asked).isEqualTo(400);
            assertThat(refused.headers().firstValue("Location")).as(asked).isEmpty();
        }
        assertThat(send("echo", as(get("/"), clerk).header("Location", "https://evil.example")).statusCode()).isEqualTo(400);
        // and no page of another site may frame the console
        HttpResponse<String> console = send("echo", as(get("/"), clerk));
        assertThat(console.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(console.headers().firstValue("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }

    @Test
    @DisplayName("a saga callback with a body to speak of is refused before it is read")
    void bigCallbackBodiesRefused() {
        HttpResponse<String> big = send("big", HttpRequest.newBuilder(URI.create(app.url(false) + "/lra-participant/compensate"))
                .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))));

        assertThat(big.statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("the saga callbacks need no login: they are judged by their token")
    void callbacksAreNotBehindTheLogin() {
        HttpResponse<String> forged = app.callback("compensate", Participant.ORDER, "47000000-nologin", app.startLra(), null);

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("carries no token");
    }

    @Test
    @DisplayName("a user removed from the users file loses access within a minute, without a restart")
    void removedUserLosesAccess() throws IOException {
        assertThat(send("removed", as(get("/api/orders"), clerk)).statusCode()).isEqualTo(200);

        ConsoleUser.usersFile(usersDir, operator, viewer, keptClerk);

        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> send("removed", as(get("/api/orders"), clerk)).statusCode() == 401);
        assertThat(send("removed", as(get("/api/orders"), operator)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a client that sends too many requests gets 429 with Retry-After; another client is served")
    void floodGets429() {
        List<HttpResponse<String>> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            answers.add(send("flood", as(get("/api/orders"), operator)));
        }

        HttpResponse<String> limited = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 200).count()).as("the burst, then 2 a second")
                .isBetween(10L, 10L + (long) Math.ceil(2 * seconds) + 1);
        assertThat(send("calm", as(get("/api/orders"), operator)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a flood of new logins from many clients waits on threads of its own: a logged-in user is still served"
            + " at once, and the logins beyond the line get 503 at once")
    void loginFloodHoldsUpNoRoute() throws Exception {
        assertThat(send("steady", as(get("/api/orders"), keptClerk)).statusCode()).isEqualTo(200); // checked, then remembered
        ExecutorService clients = Executors.newFixedThreadPool(60);
        try {
            List<Future<Integer>> flood = new ArrayList<>();
            CountDownLatch turnedAway = new CountDownLatch(1);
            for (int i = 0; i < 60; i++) {
                String client = "new-login-" + i;
                flood.add(clients.submit(() -> {
                    int status = send(client, login(get("/api/orders"), "oda", "guess-" + client)).statusCode();
                    if (status == 503) {
                        turnedAway.countDown();
                    }
                    return status;
                }));
            }
            // the flood is in: the line of checks is full (the first turned away), and checks are under way
            assertThat(turnedAway.await(10, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            assertThat(send("steady", as(get("/api/orders"), keptClerk)).statusCode()).isEqualTo(200);
            double seconds = (System.nanoTime() - started) / 1e9;

            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : flood) {
                answers.add(answer.get());
            }
            assertThat(answers).containsOnly(401, 503).contains(503);
            // before the logins had threads of their own, it waited behind them for seconds
            assertThat(seconds).as("seconds the logged-in request took").isLessThan(1.0);
        } finally {
            clients.shutdownNow();
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(app.url(false) + path));
    }

    private HttpRequest.Builder post(String path, String body) {
        return get(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder as(HttpRequest.Builder request, ConsoleUser user) {
        return login(request, user.name(), user.password());
    }

    private static HttpRequest.Builder login(HttpRequest.Builder request, String name, String password) {
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(String client, HttpRequest.Builder request) {
        try {
            return http.send(request.header("X-Client", client).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
