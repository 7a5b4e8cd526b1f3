package routes;

import org.apache.camel.builder.RouteBuilder;

/**
 * Publishes outcome events from the outbox: one JSON event per order outcome (COMPLETED, CANCELLED,
 * COMPENSATION_FAILED) to the events queue, and COMPENSATION_FAILED to the alerts queue as well.
 */
public class OutcomeEventRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:outcome-events?period={{events.relay-period-ms}}").routeId("outcome-events")
                .description("Publishes outcome events from the outbox to SQS")
                .setBody(method("eventOutbox", "claim(25)"))
                .split(body())
                    .setHeader("eventId", simple("${body[event_id]}"))
                    .setHeader("status", simple("${body[status]}"))
                    .marshal().json()
                    .convertBodyTo(String.class)
                    .to("aws2-sqs://{{queues.events}}")
                    .filter(header("status").isEqualTo("COMPENSATION_FAILED"))
                        .to("aws2-sqs://{{queues.alerts}}")
                    .end()
                    .bean("eventOutbox", "published(${header.eventId})")
                    .toD("micrometer:counter:order.saga.outcomes?tags=status=${header.status}")
                .end();
    }
}
