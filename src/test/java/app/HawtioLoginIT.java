package app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import console.ConsoleUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio with its login on, listening on every address (0.0.0.0): the app starts, and Hawtio's
 * Jolokia answers only users of the users file who hold the console role.
 */
class HawtioLoginIT extends WithRunningApp {

    private static final String PAYMENT_DEBIT_TOTAL =
            "/hawtio/jolokia/read/org.apache.camel:context=order-saga,type=routes,name=%22payment-debit%22/ExchangesTotal";

    private final ConsoleUser admin = ConsoleUser.withRole("ada", "admin");
    private final ConsoleUser viewer = ConsoleUser.withRole("vic", "viewer");

    @Override
    protected Map<String, String> overrides() {
        try {
            return Map.of("console.host", "0.0.0.0", "console.authentication-enabled", "true",
                    "users.file", ConsoleUser.usersFile(Files.createTempDirectory("console"), admin, viewer).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("anonymous requests to Hawtio's Jolokia are refused")
    void anonymousJolokiaIsRefused() {
        HttpClient anonymous = HttpClient.newHttpClient();

        assertThat(send(anonymous, get(PAYMENT_DEBIT_TOTAL)).statusCode()).isIn(401, 403);
        assertThat(send(anonymous, get("/hawtio/jolokia/version")).statusCode()).isIn(401, 403);
    }

    @Test
    @DisplayName("a wrong password, or a user without the admin role, is refused")
    void wrongPasswordAndMissingRoleAreRefused() {
        HttpClient client = withCookies();

        assertThat(send(client, login(admin.name(), admin.password() + "x")).statusCode()).isEqualTo(403);
        assertThat(send(client, get(PAYMENT_DEBIT_TOTAL)).statusCode()).isIn(401, 403);
        assertThat(send(client, login(viewer.name(), viewer.password())).statusCode()).isEqualTo(403);
        assertThat(send(client, get(PAYMENT_DEBIT_TOTAL)).statusCode()).isIn(401, 403);
        assertThat(send(client, basic(get(PAYMENT_DEBIT_TOTAL), admin.name(), "not-" + admin.password())).statusCode()).isIn(401, 403);
    }

    @Test
    @DisplayName("the right password logs in, and Jolokia then reads the app's route MBeans")
    void loginThenJolokiaReadsTheRoutes() {
        HttpClient client = withCookies();

        HttpResponse<String> login = send(client, login(admin.name(), admin.password()));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("console.Role", "admin");
        assertRouteCounterRead(send(client, get(PAYMENT_DEBIT_TOTAL)));
        // and without a session, as a script would: Basic authentication on each request
        assertRouteCounterRead(send(HttpClient.newHttpClient(), basic(get(PAYMENT_DEBIT_TOTAL), admin.name(), admin.password())));
    }

    @Test
    @DisplayName("a page of another site cannot use an admin's login: Jolokia requests with its Origin are refused")
    void crossSiteJolokiaIsRefused() {
        HttpResponse<String> crossSite = send(HttpClient.newHttpClient(),
                basic(get(PAYMENT_DEBIT_TOTAL), admin.name(), admin.password()).header("Origin", "http://evil.example"));

        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static void assertRouteCounterRead(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode read = OrderJson.parse(response);
        assertThat(read.get("status").asInt()).as(response.body()).isEqualTo(200);
        assertThat(read.get("value").isNumber()).as(response.body()).isTrue();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(app.url(true) + path));
    }

    private HttpRequest.Builder login(String name, String password) {
        String json = JsonNodeFactory.instance.objectNode().put("username", name).put("password", password).toString();
        return HttpRequest.newBuilder(URI.create(app.url(true) + "/hawtio/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static HttpRequest.Builder basic(HttpRequest.Builder request, String name, String password) {
        return request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpClient withCookies() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
