package app;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import store.PaymentRepository;
import store.Rejections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hostile corpus through every way in: each input is refused with its reason and kept (rejected
 * folder, dead-letter queue, 4xx problem), no saga starts, and a valid order afterwards still completes.
 */
class HostileInputIT extends WithRunningApp {

    private static final Set<String> VALID_ORDERS = Set.of("47000000-after-folder", "47000000-after-queue", "47000000-after-api",
            "47000000-everywhere");

    private final List<HostileCorpus.Case> corpus = HostileCorpus.cases();

    @Test
    @DisplayName("the corpus has at least 30 cases")
    void corpusIsLargeEnough() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    @DisplayName("folder: every hostile file moves to rejected with its reason beside it")
    void folder() throws Exception {
        Files.createDirectories(app.inbox());
        for (HostileCorpus.Case hostile : corpus) {
            Files.write(app.home().resolve(hostile.name() + ".part"), hostile.body());
            Files.move(app.home().resolve(hostile.name() + ".part"), app.inbox().resolve(hostile.name() + ".json"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> corpus.stream()
                .allMatch(hostile -> Files.exists(app.rejected().resolve(hostile.name() + ".json.reason"))));

        for (HostileCorpus.Case hostile : corpus) {
            assertThat(Files.readString(app.rejected().resolve(hostile.name() + ".json.reason"))).as(hostile.name()).contains(hostile.reason());
            assertThat(Files.readAllBytes(app.rejected().resolve(hostile.name() + ".json"))).as(hostile.name()).isEqualTo(hostile.body());
        }
        assertThat(app.bean(Rejections.class).counts()).containsEntry("folder", (long) corpus.size());
        assertValidOrderStillCompletes(() -> app.dropInInbox("after-folder.json", OrderJson.order("47000000-after-folder", "701", 1)),
                "47000000-after-folder");
    }

    @Test
    @DisplayName("queue: every hostile message moves to the dead-letter queue with its reason")
    void queue() {
        SqsClient sqs = app.bean(SqsClient.class);
        String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
        String deadLetters = sqs.getQueueUrl(r -> r.queueName("orders-dlq")).queueUrl();
        List<HostileCorpus.Case> queueable = corpus.stream().filter(HostileCorpus.Case::queueable).toList();
        for (HostileCorpus.Case hostile : queueable) {
            sqs.sendMessage(r -> r.queueUrl(orders).messageBody(new String(hostile.body(), StandardCharsets.UTF_8)));
        }

        Map<String, String> reasonsByBody = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(deadLetters).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages()) {
                reasonsByBody.put(message.body(), message.messageAttributes().get("reason").stringValue());
                sqs.deleteMessage(r -> r.queueUrl(deadLetters).receiptHandle(message.receiptHandle()));
            }
            return reasonsByBody.size() >= queueable.size();
        });

        for (HostileCorpus.Case hostile : queueable) {
            assertThat(reasonsByBody.get(new String(hostile.body(), StandardCharsets.UTF_8))).as(hostile.name()).contains(hostile.reason());
        }
        assertThat(app.bean(Rejections.class).counts()).containsEntry("queue", (long) queueable.size());
        assertValidOrderStillCompletes(() -> sqs.sendMessage(r -> r.queueUrl(orders).messageBody(OrderJson.order("47000000-after-queue", "702", 1))),
                "47000000-after-queue");
    }

    @Test
    @DisplayName("api: every hostile POST is a 400 problem saying why")
    void api() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI orders = URI.create(app.get("/api/orders/none").uri().resolve("/api/orders").toString());
        for (HostileCorpus.Case hostile : corpus) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(orders).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.body())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(hostile.name()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(hostile.name()).contains("application/problem+json");
            JsonNode problem = OrderJson.parse(response);
            assertThat(problem.get("detail").asText()).as(hostile.name()).contains(hostile.reason());
        }
        assertThat(app.bean(Rejections.class).counts()).containsEntry("api", (long) corpus.size());
        assertValidOrderStillCompletes(() -> app.post("/api/orders", OrderJson.order("47000000-after-api", "703", 1)), "47000000-after-api");
    }

    @Test
    @DisplayName("the same order through the folder, the queue and the API runs one saga")
    void duplicatesAcrossChannelsRunOnce() {
        String order = OrderJson.order("47000000-everywhere", "704", 1);
        SqsClient sqs = app.bean(SqsClient.class);
        app.dropInInbox("everywhere.json", order);
        sqs.sendMessage(r -> r.queueUrl(sqs.getQueueUrl(q -> q.queueName("orders")).queueUrl()).messageBody(order));
        app.post("/api/orders", order);

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/47000000-everywhere")).get("status").asText()));
        // quiet: the file handled, the queue drained (the POST went through it too)
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(app.processed().resolve("everywhere.json")) && queueEmpty(sqs));

        assertThat(app.sagasStarted()).containsEntry("47000000-everywhere", 1);
        assertThat(app.bean(PaymentRepository.class).ledger("47000000-everywhere")).hasSize(1);
    }

    private static boolean queueEmpty(SqsClient sqs) {
        return sqs.getQueueAttributes(r -> r.queueUrl(sqs.getQueueUrl(q -> q.queueName("orders")).queueUrl())
                        .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings().values().stream().allMatch("0"::equals);
    }

    /** A valid order sent after the corpus completes; and no hostile input ever started a saga. */
    private void assertValidOrderStillCompletes(Runnable send, String orderId) {
        send.run();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> "COMPLETED".equals(OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText()));
        assertThat(app.sagasStarted().keySet()).as("sagas started").isSubsetOf(VALID_ORDERS);
    }
}
