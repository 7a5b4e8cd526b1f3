package app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message the app can never process (here: no coordinator to start its saga) is received a bounded
 * number of times, then SQS moves it to the dead-letter queue: it never loops, and it is not lost.
 */
class PoisonMessageIT {

    @Test
    void aMessageThatKeepsFailingEndsInTheDeadLetterQueue() throws Exception {
        Map<String, String> noCoordinator = Map.of(
                "local.coordinator.enabled", "false",
                "coordinator.url", "http://127.0.0.1:9", // nothing listens there
                "callbacks.secret", "a secret for a test whose coordinator is not in this JVM",
                "queues.visibility-timeout-seconds", "1",
                "queues.max-receives", "2");
        try (RunningApp app = RunningApp.start(noCoordinator)) {
            SqsClient sqs = app.bean(SqsClient.class);
            String order = OrderJson.order("47000000-poison", "801", 1);
            sqs.sendMessage(r -> r.queueUrl(sqs.getQueueUrl(q -> q.queueName("orders")).queueUrl()).messageBody(order));

            String deadLetters = sqs.getQueueUrl(q -> q.queueName("orders-dlq")).queueUrl();
            List<Message> dead = await().atMost(Duration.ofSeconds(60))
                    .until(() -> sqs.receiveMessage(r -> r.queueUrl(deadLetters).waitTimeSeconds(1)).messages(), m -> !m.isEmpty());

            assertThat(dead).extracting(Message::body).containsExactly(order);
            assertThat(app.get("/api/orders/47000000-poison").statusCode()).isEqualTo(404);

            // an unreachable dependency makes the app unready, not dead: no restart loop
            var ready = app.get("/observe/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(OrderJson.parse(ready).get("checks").findValuesAsText("name")).containsExactly("lra-coordinator");
            assertThat(ready.body()).contains("\"status\":\"DOWN\"").contains("ConnectException");
            assertThat(app.get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }
}
