package bench;

import app.OrderSagaApplication;
import app.RunningApp;
import console.ConsoleUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import security.Logins;

/**
 * What the API's login costs (scripts/login-bench.sh). Once per login: the password hash. On every
 * later request of that client: the remembered verdict (a keyed digest and a lookup), timed alone
 * over many calls, then end to end: the app with the login off, then on, three times in turn, each
 * answering one client's requests one after another (a query the route refuses at once, so the login
 * is most of the difference); the best round of each counts. Prints
 * {@code LOGIN hash_ms=H remembered_us=R request_ms_without_login=A request_ms_with_login=B added_ms=C}.
 */
public final class LoginCost {

    private static final String CHEAP_REQUEST = "/api/orders?status=NONE";
    private static final int ROUNDS = 3;

    private LoginCost() {
    }

    public static void main(String[] args) throws Exception {
        OrderSagaApplication.configureJvm();
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        Path home = Files.createTempDirectory("login-bench");
        ConsoleUser clerk = ConsoleUser.withRole("clerk", "orders");
        Path users = ConsoleUser.usersFile(home, clerk);
        int exit = 0;
        try {
            Logins logins = new Logins(users, 1, Clock.systemUTC());
            long start = System.nanoTime();
            logins.check(clerk.name(), clerk.password());
            double hashMs = (System.nanoTime() - start) / 1e6;
            double rememberedUs = rememberedMicros(logins, clerk, 200_000);

            String basic = "Basic " + Base64.getEncoder().encodeToString((clerk.name() + ":" + clerk.password()).getBytes(StandardCharsets.UTF_8));
            Map<String, String> login = Map.of("api.authentication-enabled", "true", "users.file", users.toString());
            double without = Double.MAX_VALUE;
            double with = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) { // in turn, so the JIT's warming favours neither
                without = Math.min(without, meanRequestMillis(home.resolve("without-" + round), Map.of(), null, requests));
                with = Math.min(with, meanRequestMillis(home.resolve("with-" + round), login, basic, requests));
            }
            System.out.printf("LOGIN hash_ms=%.0f remembered_us=%.1f request_ms_without_login=%.3f request_ms_with_login=%.3f added_ms=%.3f%n",
                    hashMs, rememberedUs, without, with, with - without);
        } catch (Exception e) {
            e.printStackTrace();
            exit = 2;
        }
        System.exit(exit); // DynamoDB Local leaves a non-daemon thread behind
    }

    private static double rememberedMicros(Logins logins, ConsoleUser user, int calls) {
        for (int i = 0; i < calls; i++) { // warm-up
            logins.remembered(user.name(), user.password());
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            logins.remembered(user.name(), user.password()).orElseThrow();
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    /** One client's requests in turn, after as many to warm up: the mean time of one, in ms. */
    private static double meanRequestMillis(Path home, Map<String, String> overrides, String authorization, int requests) throws Exception {
        // one client sends them all: its rate limit still runs, but high enough never to refuse
        Map<String, String> settings = new HashMap<>(Map.of("local.dynamodb.in-memory", "true", "console.enabled", "false",
                "api.requests-per-second", "1000000", "api.burst", "1000000"));
        settings.putAll(overrides);
        try (RunningApp app = RunningApp.start(Files.createDirectories(home), settings, List.of())) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.url(false) + CHEAP_REQUEST));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpRequest get = request.build();
            for (int i = 0; i < requests; i++) {
                send(client, get);
            }
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                send(client, get);
            }
            return (System.nanoTime() - start) / 1e6 / requests;
        }
    }

    private static void send(HttpClient client, HttpRequest get) throws Exception {
        int status = client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 400) {
            throw new IllegalStateException("expected the route's 400, got " + status);
        }
    }
}
