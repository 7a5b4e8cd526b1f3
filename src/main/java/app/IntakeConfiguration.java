package app;

import domain.OrderReader;
import java.time.Clock;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.sqs.SqsClient;
import store.OrdersTakenIn;
import store.QueueBacklog;
import store.QueueSetup;
import store.Rejections;

/**
 * The ways in and the queues: reading and validating an order, the orders taken in, rejections, the
 * input queue's backlog. Creates the missing queues at start (input, dead-letter, events, alerts).
 */
@Configuration
public class IntakeConfiguration implements CamelConfiguration {

    @PropertyInject("queues.create")
    private boolean createQueues;
    @PropertyInject("queues.orders")
    private String ordersQueue;
    @PropertyInject("queues.orders-dlq")
    private String ordersDeadLetterQueue;
    @PropertyInject("queues.max-receives")
    private int maxReceives;
    @PropertyInject("queues.visibility-timeout-seconds")
    private int visibilityTimeoutSeconds;
    @PropertyInject("queues.events")
    private String eventsQueue;
    @PropertyInject("queues.alerts")
    private String alertsQueue;

    @BindToRegistry(lazy = true)
    public OrderReader orderReader(@PropertyInject("orders.max-bytes") int maxOrderBytes) {
        return new OrderReader(maxOrderBytes);
    }

    @BindToRegistry(lazy = true)
    public OrdersTakenIn ordersTakenIn() {
        return new OrdersTakenIn();
    }

    @BindToRegistry(lazy = true)
    public Rejections rejections() {
        return new Rejections();
    }

    @BindToRegistry(lazy = true)
    public QueueBacklog queueBacklog(SqsClient sqs, @PropertyInject("queues.orders") String queue,
            @PropertyInject("queues.max-backlog") long maxBacklog) {
        return new QueueBacklog(sqs, queue, maxBacklog, Clock.systemUTC());
    }

    /** queues.create: creates the input queue with its dead-letter queue, and the queues of outcome events and alerts. */
    @Override
    public void configure(CamelContext camelContext) {
        if (createQueues) {
            QueueSetup setup = new QueueSetup(camelContext.getRegistry().findSingleByType(SqsClient.class));
            UntilReachable.run("create the queues", UntilReachable.START_WAIT, () -> {
                setup.createInputQueue(ordersQueue, ordersDeadLetterQueue, maxReceives, visibilityTimeoutSeconds);
                setup.createQueue(eventsQueue);
                setup.createQueue(alertsQueue);
            });
        }
    }
}
