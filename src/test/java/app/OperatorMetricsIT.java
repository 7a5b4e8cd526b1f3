package app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import domain.OrderStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.OrderRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gauges operators are paged on report what the tables hold, and every metric the shipped
 * Grafana dashboard and Prometheus alert rules query exists once the seed scenarios have run.
 */
class OperatorMetricsIT extends WithRunningApp {

    private static final Pattern METRIC = Pattern.compile("\\b(order_saga_[a-z_]+|camel_[a-z_]+)\\b");
    private static final List<String> SEED_SCENARIOS = List.of("4", "1", "11", "2", "22", "3", "33");

    @Override
    protected Map<String, String> overrides() {
        return Map.of("metrics.gauges-period-ms", "300");
    }

    @Test
    @DisplayName("gauges: a parked order is counted, a running saga's age grows, an event the relay cannot send ages")
    void gaugesReportTheTables() throws Exception {
        run("22000000-gauges", "210"); // ProcessPayment and ProcessRefund fail: parked
        app.runningSaga("47000000-gauges-running", "211", 1); // IN_PROGRESS, never ended

        int parked = app.bean(OrderRepository.class).newest(Optional.of(OrderStatus.COMPENSATION_FAILED), Optional.empty(), 1000).size();
        assertThat(parked).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("order_saga_parked_orders") == parked
                && gauge("order_saga_oldest_open_seconds", "status=\"IN_PROGRESS\"") >= 2);
        assertThat(gauge("order_saga_oldest_open_seconds", "status=\"COMPENSATING\"")).isZero();
        assertThat(gauge("order_saga_outbox_oldest_seconds")).isZero();

        app.context().getRouteController().stopRoute("outcome-events"); // no relay: the next event waits
        try {
            run("4000000-gauges-outbox", "212");
            await().atMost(Duration.ofSeconds(20)).until(() -> gauge("order_saga_outbox_oldest_seconds") >= 2);
        } finally {
            app.context().getRouteController().startRoute("outcome-events");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("order_saga_outbox_oldest_seconds") == 0);
    }

    @Test
    @DisplayName("every metric the Grafana dashboard and the alert rules query is in /observe/metrics after the seed scenarios")
    void dashboardAndAlertsQueryMetricsThatExist() throws Exception {
        for (String prefix : SEED_SCENARIOS) {
            run(prefix + "0000000-dashboard", "220");
        }
        assertThat(app.post("/api/orders", "{not json").statusCode()).isEqualTo(400); // a rejection, counted

        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("ops/grafana/order-saga.json")));
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(target -> queried.addAll(metrics(target.get("expr").asText()))));
        queried.addAll(metrics(Files.readString(Path.of("ops/prometheus/alerts.yml"))));
        assertThat(queried).contains("order_saga_parked_orders", "order_saga_oldest_open_seconds", "camel_route_policy_seconds_bucket");

        String scraped = app.get("/observe/metrics").body();
        Set<String> exposed = new TreeSet<>();
        scraped.lines().filter(line -> !line.startsWith("#")).forEach(line -> exposed.add(line.split("[{ ]")[0]));
        assertThat(exposed).containsAll(queried);
    }

    private static Set<String> metrics(String text) {
        Set<String> names = new TreeSet<>();
        Matcher metric = METRIC.matcher(text);
        while (metric.find()) {
            names.add(metric.group(1));
        }
        return names;
    }

    private double gauge(String name, String... labels) {
        return Metrics.of(app).value(name, labels);
    }

    /** Drops the order into the inbox and waits until it has a final status. */
    private void run(String orderId, String itemId) throws IOException {
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, itemId, 1));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = app.get("/api/orders/" + orderId);
            return response.statusCode() == 200 && OrderStatus.valueOf(OrderJson.parse(response).get("status").asText()).isFinal();
        });
    }
}
