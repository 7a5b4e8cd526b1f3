package store;

import app.RunningApp;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import local.EmbeddedSqs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The API turns new orders away once the input queue holds its limit (on the real local SQS server). */
class QueueBacklogIT {

    @Test
    @DisplayName("full once the queue holds the limit; asked again only after a second")
    void fullAtTheLimit() throws Exception {
        int port = RunningApp.freePort();
        try (EmbeddedSqs server = new EmbeddedSqs("127.0.0.1", port, Files.createTempDirectory("sqs-backlog"));
             SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            String queue = sqs.createQueue(r -> r.queueName("orders")).queueUrl();
            MovableClock clock = new MovableClock();
            QueueBacklog backlog = new QueueBacklog(sqs, "orders", 2, clock);
            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("one"));
            assertThat(backlog.isFull()).isFalse();

            sqs.sendMessage(r -> r.queueUrl(queue).messageBody("two"));
            assertThat(backlog.isFull()).as("the answer of a moment ago still stands").isFalse();
            clock.advance(Duration.ofSeconds(2));
            assertThat(backlog.isFull()).isTrue();
        }
    }
}
