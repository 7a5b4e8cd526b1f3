package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /api/orders and GET /api/orders on the real app. */
class OrderApiIT extends WithRunningApp {

    @Test
    @DisplayName("POST a new order: 202 with its status URL, and the saga completes")
    void postedOrderIsAcceptedAndCompletes() {
        HttpResponse<String> accepted = app.post("/api/orders", OrderJson.order("47000000-post", "501", 1));

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Location")).contains("/api/orders/47000000-post");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/47000000-post")).get("status").asText()));
    }

    @Test
    @DisplayName("POST the same order again: its current status, nothing started; different content: 409")
    void repeatedOrderShowsStatusAndConflictIsRefused() {
        String order = OrderJson.order("47000000-again", "502", 1);
        app.post("/api/orders", order);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/47000000-again")).get("status").asText()));

        HttpResponse<String> repeat = app.post("/api/orders", order.replace("\n", " "));
        assertThat(repeat.statusCode()).isEqualTo(200);
        assertThat(OrderJson.parse(repeat).get("status").asText()).isEqualTo("COMPLETED");

        HttpResponse<String> conflict = app.post("/api/orders", OrderJson.order("47000000-again", "502", 2));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(OrderJson.parse(conflict).get("detail").asText()).contains("already exists with different content");
        assertThat(app.bean(PaymentRepository.class).ledger("47000000-again")).hasSize(1);
    }

    @Test
    @DisplayName("POST something that is not an order: 400 problem saying what is wrong")
    void invalidOrderIsA400Problem() {
        HttpResponse<String> rejected = app.post("/api/orders", "{\"order_id\": \"47000000-bad\", \"items\": []}");

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(rejected.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(OrderJson.parse(rejected).get("detail").asText()).isEqualTo("customer_id is required");
        assertThat(app.get("/api/orders/47000000-bad").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("without a login the API answers only requests addressed to loopback: a rebound DNS name is refused")
    void openApiAnswersLoopbackOnly() throws Exception {
        int port = Integer.parseInt(app.url(false).substring(app.url(false).lastIndexOf(':') + 1));
        assertThat(rawGet(port, "evil.example:" + port)).startsWith("HTTP/1.1 403");
        assertThat(rawGet(port, "localhost:" + port)).startsWith("HTTP/1.1 200");
    }

    /** A GET with the Host header a browser on a rebinding page would send (the JDK client will not set one). */
    private static String rawGet(int port, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /api/orders HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    @DisplayName("GET /api/orders lists the newest orders, filtered by status")
    void listsNewestFirstByStatus() {
        app.post("/api/orders", OrderJson.order("47000000-list-1", "503", 1));
        app.post("/api/orders", OrderJson.order("2b000000-list-2", "503", 1)); // fails at payment: CANCELLED
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "CANCELLED".equals(OrderJson.parse(app.get("/api/orders/2b000000-list-2")).get("status").asText())
                        && "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/47000000-list-1")).get("status").asText()));

        JsonNode cancelled = OrderJson.parse(app.get("/api/orders?status=CANCELLED&limit=5"));
        assertThat(cancelled.findValuesAsText("order_id")).contains("2b000000-list-2").doesNotContain("47000000-list-1");
        assertThat(cancelled.findValuesAsText("status")).containsOnly("CANCELLED");
        JsonNode all = OrderJson.parse(app.get("/api/orders?limit=100"));
        assertThat(all.findValuesAsText("created_at")).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(app.get("/api/orders?status=LOST").statusCode()).isEqualTo(400);
        assertThat(app.get("/api/orders?limit=0").statusCode()).isEqualTo(400);
    }
}
