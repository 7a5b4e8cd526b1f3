package app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders sent to the SQS input queue (the real local SQS server) run their saga; bad ones end in the DLQ. */
class QueueIntakeIT extends WithRunningApp {

    private SqsClient sqs;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("queues.max-backlog", "3", "api.retry-after-seconds", "9");
    }

    @BeforeAll
    void clients() {
        sqs = app.bean(SqsClient.class);
    }

    @Test
    @DisplayName("an order sent to the queue completes, and the same message again charges nothing more")
    void queuedOrderCompletesOnce() {
        String order = OrderJson.order("47000000-queue", "401", 1);
        send("orders", order);
        send("orders", order);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/47000000-queue")).get("status").asText()));
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth("orders") == 0); // quiet: both messages handled
        assertThat(app.sagasStarted()).containsEntry("47000000-queue", 1);
        assertThat(app.bean(PaymentRepository.class).ledger("47000000-queue")).hasSize(1);
    }

    @Test
    @DisplayName("a message that is not an order moves to the dead-letter queue with the reason attribute")
    void badMessageGoesToTheDeadLetterQueueWithItsReason() {
        send("orders", "{\"order_id\": \"x&y\"}");

        List<Message> dead = await().atMost(Duration.ofSeconds(30))
                .until(() -> receive("orders-dlq"), messages -> !messages.isEmpty());
        assertThat(dead).singleElement().satisfies(message -> {
            assertThat(message.body()).isEqualTo("{\"order_id\": \"x&y\"}");
            assertThat(message.messageAttributes()).extractingByKey("reason").extracting(MessageAttributeValue::stringValue)
                    .asString().contains("order_id must be 1 to 64 letters");
        });
    }

    @Test
    @DisplayName("while the input queue holds queues.max-backlog orders, POST /api/orders answers 503 with Retry-After and queues"
            + " nothing; once the queue drains, the same order is accepted and completes")
    void fullQueueTurnsOrdersAway() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDepth("orders") == 0); // the other tests' messages handled
        String posted = OrderJson.order("47000000-backlog-posted", "402", 1);
        app.context().getRouteController().stopRoute("orders-queue"); // nothing takes orders off the queue
        try {
            for (int i = 0; i < 3; i++) {
                send("orders", OrderJson.order("47000000-backlog-" + i, "402", 1));
            }

            HttpResponse<String> full = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> app.post("/api/orders", posted), answer -> answer.statusCode() == 503);
            assertThat(full.headers().firstValue("Retry-After")).contains("9");
            assertThat(full.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(queueDepth("orders")).isEqualTo(3);
            assertThat(app.get("/api/orders/47000000-backlog-posted").statusCode()).isEqualTo(404);
        } finally {
            app.context().getRouteController().startRoute("orders-queue");
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> app.post("/api/orders", posted).statusCode() == 202);
        app.awaitStatus("47000000-backlog-posted", "COMPLETED");
        for (int i = 0; i < 3; i++) {
            app.awaitStatus("47000000-backlog-" + i, "COMPLETED");
        }
    }

    private void send(String queue, String body) {
        sqs.sendMessage(r -> r.queueUrl(url(queue)).messageBody(body));
    }

    private List<Message> receive(String queue) {
        return sqs.receiveMessage(r -> r.queueUrl(url(queue)).messageAttributeNames("All").waitTimeSeconds(1)).messages();
    }

    private int queueDepth(String queue) {
        return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(url(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().values().stream().mapToInt(Integer::parseInt).sum() + "");
    }

    private String url(String queue) {
        return sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
    }
}
