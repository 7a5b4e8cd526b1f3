package store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Whether the input queue holds more orders than it may: the API then turns new orders away (503)
 * instead of letting a flood grow the queue without bound. SQS is asked at most once a second.
 */
public class QueueBacklog {

    private static final Duration ASK_EVERY = Duration.ofSeconds(1);

    private final SqsClient sqs;
    private final String queue;
    private final long limit;
    private final Clock clock;
    private volatile Instant askedAt = Instant.EPOCH;
    private volatile long waiting;

    public QueueBacklog(SqsClient sqs, String queue, long limit, Clock clock) {
        this.sqs = sqs;
        this.queue = queue;
        this.limit = limit;
        this.clock = clock;
    }

    public boolean isFull() {
        Instant now = clock.instant();
        if (now.isAfter(askedAt.plus(ASK_EVERY))) {
            String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            waiting = Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            askedAt = now;
        }
        return waiting >= limit;
    }

    public long limit() {
        return limit;
    }
}
