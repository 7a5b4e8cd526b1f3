package routes;

import domain.InvalidOrderException;
import domain.MessageKeys;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import static org.apache.camel.builder.PredicateBuilder.not;

/**
 * The ways in: the inbox folder and the SQS queue (which POST /api/orders feeds) hand raw order
 * JSON to {@code direct:order-intake}, which reads it, drops repeats of a known order and runs the saga.
 */
public class OrderIntakeRoutes extends RouteBuilder {

    private static final String ORIGINAL = "originalOrderBytes";

    @Override
    public void configure() {
        // A file leaves the inbox only once handled: moved to processed, or to rejected with a
        // .reason file beside it. On any other error (DynamoDB or the coordinator unreachable)
        // it stays and is read again on a later poll.
        from("file:{{orders.inbox}}?delete=true&readLock=changed&readLockMinAge=500&readLockCheckInterval=100&readLockMinLength=0"
                + "&include=.*\\.json&backoffErrorThreshold=1&backoffMultiplier=10")
                .routeId("orders-inbox")
                .description("Reads order files from the inbox folder")
                // orders.consumers files at once, like the queue's pollers, and as many waiting for them (so no
                // thread idles while the poller reads the next); beyond that the poller runs one itself. A file
                // in progress is not read again.
                .threads().poolSize("{{orders.consumers}}").maxPoolSize("{{orders.consumers}}").maxQueueSize("{{orders.consumers}}")
                    .callerRunsWhenRejected("true").threadName("orders-inbox")
                .setHeader(MessageKeys.ORDER_ID, constant(Headers.NOT_READ_YET))
                .convertBodyTo(byte[].class)
                .setProperty(ORIGINAL, body())
                .doTry()
                    .to("direct:order-intake")
                    .setBody(exchangeProperty(ORIGINAL))
                    .to("file:{{orders.processed}}")
                .doCatch(InvalidOrderException.class)
                    .bean("rejections", "rejected('folder', ${header.CamelFileName}, ${exception.message})")
                    .to("micrometer:counter:order.saga.rejections?tags.channel=folder")
                    .setBody(exchangeProperty(ORIGINAL))
                    .to("file:{{orders.rejected}}")
                    .setBody(simple("${exception.message}\n"))
                    .setHeader(Exchange.FILE_NAME, simple("${header.CamelFileName}.reason"))
                    .to("file:{{orders.rejected}}")
                .end();

        // A message leaves the queue once handled; a message that is not an order goes to the
        // dead-letter queue with the reason as its "reason" attribute. On any other error it is
        // received again after the visibility timeout, and after queues.max-receives tries SQS
        // moves it to the dead-letter queue itself: a poison message never loops.
        from("aws2-sqs://{{queues.orders}}?greedy=true&concurrentConsumers={{queues.consumers}}&maxMessagesPerPoll=10"
                + "&waitTimeSeconds=1&delay=200&visibilityTimeout={{queues.visibility-timeout-seconds}}&messageAttributeNames=All")
                .routeId("orders-queue")
                .description("Reads orders from the SQS input queue")
                .setHeader(MessageKeys.ORDER_ID, constant(Headers.NOT_READ_YET))
                .convertBodyTo(byte[].class)
                .setProperty(ORIGINAL, body())
                .doTry()
                    .to("direct:order-intake")
                .doCatch(InvalidOrderException.class)
                    .bean("rejections", "rejected('queue', ${header.CamelAwsSqsMessageId}, ${exception.message})")
                    .to("micrometer:counter:order.saga.rejections?tags.channel=queue")
                    .setBody(exchangeProperty(ORIGINAL)).convertBodyTo(String.class)
                    .setHeader("reason", simple("${exception.message}"))
                    .to("aws2-sqs://{{queues.orders-dlq}}")
                .end();

        from("direct:order-intake").routeId("order-intake")
                .description("Reads an order, skips a known one, runs its saga")
                .errorHandler(noErrorHandler()) // each caller decides what an error means for its input
                .bean("orderReader", "read")
                .setHeader(MessageKeys.ORDER_ID, simple("${body.orderId()}"))
                .choice()
                    .when(method("ordersTakenIn", "take(${header.orderId})"))
                        .to("direct:order-take-in")
                    .otherwise()
                        .log("Order ${header.orderId} is being taken in already: this copy is dropped")
                .end();

        from("direct:order-take-in").routeId("order-take-in")
                .description("Runs the saga of an order not known yet; this replica takes in one copy at a time")
                .errorHandler(noErrorHandler())
                .doTry()
                    .choice()
                        .when(method("orderRepository", "isNew(${body})"))
                            .to("direct:order-run-saga")
                        .otherwise()
                            .log("Order ${header.orderId} is known already: not started again")
                    .endDoTry()
                .doFinally()
                    .bean("ordersTakenIn", "done(${header.orderId})")
                .end();

        // The saga's own failure is an outcome (the order is CANCELLED or parked), not an intake
        // error. If the saga never got to write the order (coordinator down), the error stands so
        // that the input is kept and tried again.
        from("direct:order-run-saga").routeId("order-run-saga")
                .description("Runs the order saga and keeps its failure from failing the intake")
                .doTry()
                    // wait for the saga: camel-lra continues it on other threads, and without the
                    // wait each consumer would start sagas without bound, all racing their time limits
                    .to("direct:order-saga?synchronous=true")
                .doCatch(Exception.class)
                    .choice()
                        .when(not(method("orderRepository", "exists(${header.orderId})")))
                            .throwException(IllegalStateException.class, "the saga of order ${header.orderId} did not start: ${exception.message}")
                        .otherwise()
                            .log("Order ${header.orderId}: saga ended without completing: ${exception.message}")
                    .end()
                .end();
    }
}
