package routes;

import java.util.ArrayList;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;

/**
 * Publishes outcome events from the outbox: one JSON event per order outcome (COMPLETED, CANCELLED,
 * COMPENSATION_FAILED) to the events queue, and COMPENSATION_FAILED to the alerts queue as well.
 * Events go ten to an SQS request, the most SQS takes: one request where there were ten.
 */
public class OutcomeEventRoutes extends RouteBuilder {

    private static final String EVENTS = "outcomeEvents";

    @Override
    public void configure() {
        from("timer:outcome-events?period={{events.relay-period-ms}}").routeId("outcome-events")
                .description("Publishes outcome events from the outbox to SQS")
                .setBody(method("eventOutbox", "claim(100)"))
                .split(simple("${collate(10)}"))
                    .to("direct:publish-outcome-events")
                .end();

        from("direct:publish-outcome-events").routeId("publish-outcome-events")
                .description("Sends up to ten outcome events in one SQS batch, then deletes them from the outbox")
                .setProperty(EVENTS, body())
                // a failed alert fails the batch: nothing is deleted, and all of it goes again after the lease
                .split(body(), AggregationStrategies.flexible().accumulateInCollection(ArrayList.class)).stopOnException()
                    .setHeader("status", simple("${body[status]}"))
                    .marshal().json()
                    .convertBodyTo(String.class)
                    .filter(header("status").isEqualTo("COMPENSATION_FAILED"))
                        .to("aws2-sqs://{{queues.alerts}}")
                    .end()
                .end()
                .removeHeaders("*") // headers would become every message's attributes (the first event's status on all)
                .to("aws2-sqs://{{queues.events}}?operation=sendBatchMessage")
                .filter(simple("${body.failed().size()} > 0"))
                    // left in the outbox: the whole batch goes again after the lease, with the same event ids
                    .log(LoggingLevel.WARN, "SQS refused ${body.failed().size()} of a batch of outcome events: ${body.failed()}")
                    .stop()
                .end()
                .bean("eventOutbox", "published(${exchangeProperty." + EVENTS + "})")
                .split(exchangeProperty(EVENTS))
                    .toD("micrometer:counter:order.saga.outcomes?tags.status=${body[status]}")
                .end();
    }
}
