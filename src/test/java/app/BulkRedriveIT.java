package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.FaultInjector;
import domain.Step;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redrive.OrderResult;
import redrive.PlannedRedrive;
import redrive.RedriveFilter;
import redrive.RedriveJobs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import store.Retention;
import store.Tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bulk redrive: a filter picks parked orders by failed step and time; a dry run lists them and
 * changes nothing; a job redrives exactly them, once per Idempotency-Key, and any replica can finish
 * a job whose replica died. Each test takes only the orders it parked, by their time window.
 */
class BulkRedriveIT extends WithRunningApp {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.compensation.max-retries", "2", "saga.compensation.retry-delay-ms", "50",
                "redrive.orders-per-second", "20", "redrive.takeover-period-ms", "500");
    }

    @Test
    @DisplayName("dry run lists the parked orders of the filter and changes nothing; the job redrives exactly those, once per Idempotency-Key")
    void dryRunThenJob() {
        String outsideWindow = "22000000-bulk-early";
        park(outsideWindow, "311");
        Instant from = Instant.now();
        String refundA = "22000000-bulk-a";
        String refundB = "22000000-bulk-b";
        String release = "33000000-bulk-c";
        park(refundA, "312");
        park(refundB, "313");
        park(release, "314");
        Instant to = Instant.now();
        String refunds = filter("ProcessRefund", from, to);
        String anyStep = filter(null, from, to);
        long jobsBefore = storedJobs();

        app.bean(FaultInjector.class).setEnabled(false); // a dry run that redrove would now succeed, and show
        try {
            JsonNode dryRun = OrderJson.parse(post(anyStep.replace("}", ", \"dry_run\": true}"), Map.of()));
            assertThat(plan(dryRun)).containsExactlyInAnyOrder(refundA + " [ProcessRefund]", refundB + " [ProcessRefund]",
                    release + " [ReleaseInventory]");
            HttpResponse<String> refundsDryRun = post(refunds.replace("}", ", \"dry_run\": true}"), Map.of());
            assertThat(refundsDryRun.statusCode()).isEqualTo(200);
            assertThat(plan(OrderJson.parse(refundsDryRun))).containsExactlyInAnyOrder(refundA + " [ProcessRefund]", refundB + " [ProcessRefund]");
            for (String orderId : List.of(outsideWindow, refundA, refundB, release)) {
                assertThat(status(orderId)).isEqualTo("COMPENSATION_FAILED");
            }
            assertThat(app.ledger(refundA)).containsExactly("Debit 52.98");
            assertThat(app.stock("314")).isEqualTo(998);
            assertThat(storedJobs()).isEqualTo(jobsBefore);

            Map<String, String> key = Map.of("Idempotency-Key", "refunds-" + from);
            HttpResponse<String> started = post(refunds, key);
            assertThat(started.statusCode()).isEqualTo(202);
            String jobId = OrderJson.parse(started).get("job_id").asText();
            assertThat(started.headers().firstValue("Location")).contains("/api/redrives/" + jobId);
            HttpResponse<String> repeated = post(refunds, key);
            assertThat(repeated.statusCode()).isEqualTo(200);
            assertThat(OrderJson.parse(repeated).get("job_id").asText()).isEqualTo(jobId);

            JsonNode job = awaitDone(jobId);
            assertThat(results(job)).containsExactlyInAnyOrder(refundA + " CANCELLED", refundB + " CANCELLED");
            // done: the job and its results expire with the retention (DynamoDB's TTL)
            assertThat(jobItems(jobId)).hasSize(3).allSatisfy(item -> assertThat(item).containsKey("expires_at"));
            assertThat(OrderJson.parse(post(refunds, key)).get("job_id").asText()).isEqualTo(jobId);
            assertThat(storedJobs()).isEqualTo(jobsBefore + 1);
            HttpResponse<String> otherFilter = post(anyStep, key);
            assertThat(otherFilter.statusCode()).isEqualTo(409);
            assertThat(otherFilter.headers().firstValue("Content-Type")).contains("application/problem+json");

            assertThat(status(refundA)).isEqualTo("CANCELLED");
            assertThat(status(refundB)).isEqualTo("CANCELLED");
            assertThat(app.ledger(refundA)).containsExactly("Debit 52.98", "Credit -52.98");
            assertThat(app.ledger(refundB)).containsExactly("Debit 52.98", "Credit -52.98");
            // another failed step, and another time: still parked, untouched
            assertThat(status(release)).isEqualTo("COMPENSATION_FAILED");
            assertThat(app.stock("314")).isEqualTo(998);
            assertThat(status(outsideWindow)).isEqualTo("COMPENSATION_FAILED");
            assertThat(app.ledger(outsideWindow)).containsExactly("Debit 52.98");

            JsonNode rest = awaitDone(OrderJson.parse(post(anyStep, Map.of())).get("job_id").asText());
            assertThat(results(rest)).containsExactly(release + " CANCELLED");
            assertThat(app.stock("314")).isEqualTo(1000);
            assertThat(app.ledger(release)).containsExactly("Debit 52.98", "Credit -52.98");
            assertThat(status(outsideWindow)).isEqualTo("COMPENSATION_FAILED");
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }
    }

    @Test
    @DisplayName("a job whose replica died is taken over by another, which redrives only the orders it had not done")
    void jobOfADeadReplicaIsTakenOver() {
        Instant from = Instant.now();
        String done = "22000000-bulk-died-done";
        String left = "33000000-bulk-died-left";
        park(done, "321");
        park(left, "322");
        Instant to = Instant.now();
        RedriveFilter filter = RedriveFilter.read(filter(null, from, to));
        // a replica that made the job five minutes ago, recorded its first order and died: its lease has run out
        RedriveJobs deadReplica = jobsOfAReplicaGone("replica-that-died");
        String jobId = "died-" + from.toEpochMilli();

        app.bean(FaultInjector.class).setEnabled(false);
        try {
            // the result first: a takeover may start as soon as the job is there
            deadReplica.record(jobId, done, new OrderResult(OrderResult.Kind.CANCELLED, List.of(Step.PROCESS_REFUND), null, null));
            deadReplica.create(jobId, filter, "{}", List.of(
                    new PlannedRedrive(done, "ProcessRefund", from.toString(), List.of(Step.PROCESS_REFUND)),
                    new PlannedRedrive(left, "ReleaseInventory", from.toString(), List.of(Step.RELEASE_INVENTORY))));
            JsonNode job = awaitDone(jobId);
            assertThat(job.get("owner").asText()).isEqualTo(app.context().resolvePropertyPlaceholders("{{app.replica-id}}"));
            assertThat(results(job)).containsExactlyInAnyOrder(done + " CANCELLED", left + " CANCELLED");
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }
        assertThat(status(left)).isEqualTo("CANCELLED");
        assertThat(app.stock("322")).isEqualTo(1000);
        // the order the dead replica had recorded is not redriven again (here it was not really redriven: it stays parked)
        assertThat(status(done)).isEqualTo("COMPENSATION_FAILED");
        assertThat(app.ledger(done)).containsExactly("Debit 52.98");
    }

    @Test
    @DisplayName("while the fault lasts a job's order stays parked with the error, and an order redriven meanwhile is skipped: nothing runs twice")
    void stillParkedAndSkipped() {
        Instant from = Instant.now();
        String stillFailing = "22000000-bulk-still";
        String redrivenAlone = "22000000-bulk-alone";
        park(stillFailing, "331");
        park(redrivenAlone, "332");
        Instant to = Instant.now();
        // the job's plan is made while both are parked
        JsonNode dryRun = OrderJson.parse(post(filter("ProcessRefund", from, to).replace("}", ", \"dry_run\": true}"), Map.of()));
        assertThat(plan(dryRun)).containsExactlyInAnyOrder(stillFailing + " [ProcessRefund]", redrivenAlone + " [ProcessRefund]");
        // then one is redriven alone, its fault off for that moment
        app.bean(FaultInjector.class).setEnabled(false);
        try {
            assertThat(app.post("/api/orders/" + redrivenAlone + "/redrive", "").statusCode()).isEqualTo(200);
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }
        RedriveJobs planned = jobsOfAReplicaGone("replica-that-planned");
        String jobId = "still-" + from.toEpochMilli();
        planned.create(jobId, RedriveFilter.read(filter("ProcessRefund", from, to)), "{}", List.of(
                new PlannedRedrive(stillFailing, "ProcessRefund", from.toString(), List.of(Step.PROCESS_REFUND)),
                new PlannedRedrive(redrivenAlone, "ProcessRefund", from.toString(), List.of(Step.PROCESS_REFUND))));

        JsonNode job = awaitDone(jobId);

        assertThat(results(job)).containsExactlyInAnyOrder(stillFailing + " STILL_PARKED", redrivenAlone + " SKIPPED");
        JsonNode still = job.get("orders").findParents("order_id").stream()
                .filter(order -> order.get("order_id").asText().equals(stillFailing)).findFirst().orElseThrow();
        assertThat(still.get("detail").asText()).contains("injected failure");
        assertThat(status(stillFailing)).isEqualTo("COMPENSATION_FAILED");
        assertThat(app.ledger(stillFailing)).containsExactly("Debit 52.98");
        assertThat(status(redrivenAlone)).isEqualTo("CANCELLED");
        assertThat(app.ledger(redrivenAlone)).containsExactly("Debit 52.98", "Credit -52.98");
    }

    @Test
    @DisplayName("a bad filter is 400 with its reason, an unknown job 404, both as problem documents")
    void refusals() {
        Map<String, String> bad = Map.of(
                "{\"failed_step\": \"ProcessPayment\"}", "failed_step must be one of [UpdateOrderStatus, ProcessRefund, ReleaseInventory]",
                "{\"limit\": 0}", "limit must be a whole number from 1 to 1000",
                "{\"limit\": 1001}", "limit must be a whole number from 1 to 1000",
                "{\"limit\": 2.5}", "limit must be a whole number from 1 to 1000",
                "{\"from\": \"yesterday\"}", "from must be an ISO-8601 instant",
                "{\"from\": \"2026-12-02T00:00:00Z\", \"to\": \"2026-12-01T00:00:00Z\"}", "is after to",
                "{\"failed_stp\": \"ProcessRefund\"}", "unknown fields [failed_stp]",
                "{\"dry_run\": \"yes\"}", "dry_run must be true or false",
                "[]", "the body must be a JSON object");
        List<String> answers = new ArrayList<>();
        bad.forEach((body, reason) -> {
            HttpResponse<String> refused = post(body, Map.of());
            answers.add(refused.statusCode() + " " + refused.headers().firstValue("Content-Type").orElse("")
                    + " " + OrderJson.parse(refused).path("detail").asText().contains(reason));
        });
        assertThat(answers).containsOnly("400 application/problem+json true");
        HttpResponse<String> unknown = app.get("/api/redrives/no-such-job");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    /** An order whose refund (id 22...) or release (33...) gives up: one of {@code itemId} and two of item 3, 52.98 in all. */
    private void park(String orderId, String itemId) {
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, itemId, 2));
        app.awaitStatus(orderId, "COMPENSATION_FAILED");
    }

    private static String filter(String failedStep, Instant from, Instant to) {
        return "{" + (failedStep == null ? "" : "\"failed_step\": \"" + failedStep + "\", ")
                + "\"from\": \"" + from + "\", \"to\": \"" + to + "\"}";
    }

    private HttpResponse<String> post(String body, Map<String, String> headers) {
        return app.post("/api/redrives", body, headers);
    }

    private String status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText();
    }

    private JsonNode awaitDone(String jobId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "DONE".equals(OrderJson.parse(app.get("/api/redrives/" + jobId)).path("state").asText()));
        return OrderJson.parse(app.get("/api/redrives/" + jobId));
    }

    /** "order id [compensations]" for each order of a dry run. */
    private static List<String> plan(JsonNode dryRun) {
        List<String> plan = new ArrayList<>();
        dryRun.get("orders").forEach(order -> {
            List<String> compensations = new ArrayList<>();
            order.get("compensations").forEach(step -> compensations.add(step.asText()));
            plan.add(order.get("order_id").asText() + " " + compensations);
        });
        return plan;
    }

    /** "order id RESULT" for each order of a job. */
    private static List<String> results(JsonNode job) {
        List<String> results = new ArrayList<>();
        job.get("orders").forEach(order -> results.add(order.get("order_id").asText() + " " + order.get("result").asText()));
        return results;
    }

    /** The jobs table as {@code replica} wrote it five minutes ago: a job it makes has a lease that has run out. */
    private RedriveJobs jobsOfAReplicaGone(String replica) {
        return new RedriveJobs(app.bean(DynamoDbClient.class), app.bean(Tables.class).redrives(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)), replica, app.bean(Retention.class));
    }

    private List<Map<String, AttributeValue>> jobItems(String jobId) {
        return app.bean(DynamoDbClient.class).query(r -> r.tableName(app.bean(Tables.class).redrives()).consistentRead(true)
                .keyConditionExpression("job_id = :id").expressionAttributeValues(Map.of(":id", AttributeValue.fromS(jobId)))).items();
    }

    private long storedJobs() {
        return app.bean(DynamoDbClient.class).scan(r -> r.tableName(app.bean(Tables.class).redrives()).select(Select.COUNT)
                .consistentRead(true).filterExpression("#e = :job").expressionAttributeNames(Map.of("#e", "entry")).expressionAttributeValues(Map.of(":job", AttributeValue.fromS("job"))))
                .count();
    }
}
