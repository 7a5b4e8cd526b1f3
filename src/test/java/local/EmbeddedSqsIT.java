package local;

import app.RunningApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.assertj.core.api.Assertions.assertThat;

/** The local queue keeps queued messages on disk: a message sent before a restart is received after it. */
class EmbeddedSqsIT {

    @Test
    void aQueuedMessageSurvivesARestart() throws Exception {
        Path data = Files.createTempDirectory("sqs-test");
        int port = RunningApp.freePort();
        try (EmbeddedSqs sqs = new EmbeddedSqs("127.0.0.1", port, data); SqsClient client = client(port)) {
            String queue = client.createQueue(r -> r.queueName("orders")).queueUrl();
            assertThat(queue).isEqualTo("http://127.0.0.1:" + port + "/000000000000/orders");
            client.sendMessage(r -> r.queueUrl(queue).messageBody("{\"order_id\":\"kept\"}"));
        }
        try (EmbeddedSqs sqs = new EmbeddedSqs("127.0.0.1", port, data); SqsClient client = client(port)) {
            String queue = client.getQueueUrl(r -> r.queueName("orders")).queueUrl();
            assertThat(client.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(2)).messages())
                    .extracting(Message::body).containsExactly("{\"order_id\":\"kept\"}");
        }
    }

    private static SqsClient client(int port) {
        return SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
