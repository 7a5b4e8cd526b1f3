package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;

/** Reads JSON messages off a queue in tests. */
final class QueueDrain {

    private QueueDrain() {
    }

    /** Receives (and deletes) every message until the queue has stayed empty for a while after {@code atLeast} arrived. */
    static List<JsonNode> drain(SqsClient sqs, String queue, int atLeast) {
        String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
        List<JsonNode> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            received.addAll(receive(sqs, url));
            return received.size() >= atLeast;
        });
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> {
            received.addAll(receive(sqs, url));
            return true;
        });
        return received;
    }

    private static List<JsonNode> receive(SqsClient sqs, String url) {
        List<JsonNode> bodies = new ArrayList<>();
        for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(OrderJson.parse(message.body()));
            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }
}
