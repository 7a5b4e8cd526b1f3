package app;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Start-up work against a service that may not be up yet (DynamoDB or SQS restarting beside this
 * replica): tried again every two seconds while the service cannot be reached, for a bounded while.
 */
final class UntilReachable {

    private static final Logger LOG = LoggerFactory.getLogger(UntilReachable.class);
    private static final Duration PAUSE = Duration.ofSeconds(2);
    /** How long a replica starting beside a restarting DynamoDB or SQS waits for it. */
    static final Duration START_WAIT = Duration.ofMinutes(2);

    private UntilReachable() {
    }

    static void run(String what, Duration atMost, Runnable work) {
        Instant giveUp = Instant.now().plus(atMost);
        while (true) {
            try {
                work.run();
                return;
            } catch (SdkClientException unreachable) { // not an answer of the service: it is not there yet
                if (Instant.now().isAfter(giveUp)) {
                    throw unreachable;
                }
                LOG.warn("Cannot {} yet ({}); trying again", what, unreachable.getMessage());
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unreachable;
                }
            }
        }
    }
}
