package chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** The outcome events that reached the events queue, once the outbox is empty: the statuses published per order. */
final class PublishedEvents {

    /** How long the events queue must stay empty before it counts as drained. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedEvents() {
    }

    /** Waits (until {@code deadline}) for the relay to empty the outbox, then reads the events queue dry. */
    static Map<String, Set<String>> drain(DynamoDbClient db, SqsClient sqs, Instant deadline) throws InterruptedException {
        // events claimed by a relay that was killed come back after their lease (30 s)
        while (db.scan(r -> r.tableName("order-outbox").consistentRead(true).select(Select.COUNT)).count() > 0
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
        }
        String url = sqs.getQueueUrl(r -> r.queueName("order-events")).queueUrl();
        Map<String, Set<String>> published = new HashMap<>();
        Instant quietSince = Instant.now();
        while (Instant.now().isBefore(quietSince.plus(QUIET))) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                JsonNode event = parse(message.body());
                published.computeIfAbsent(event.get("order_id").asText(), id -> new HashSet<>()).add(event.get("status").asText());
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
            if (!messages.isEmpty()) {
                quietSince = Instant.now();
            }
        }
        return published;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
