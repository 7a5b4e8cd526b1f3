package store;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates the queues that are missing: the input queue with its dead-letter queue (redrive after a
 * bounded number of receives), and the outcome queues.
 */
public class QueueSetup {

    private final SqsClient sqs;

    public QueueSetup(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void createInputQueue(String queue, String deadLetterQueue, int maxReceives, int visibilityTimeoutSeconds) {
        String dlqUrl = create(deadLetterQueue, Map.of());
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        create(queue, Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + maxReceives + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"));
    }

    public void createQueue(String queue) {
        create(queue, Map.of());
    }

    private String create(String queue, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(r -> r.queueName(queue).attributes(attributes)).queueUrl();
    }
}
