package routes;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/** Refreshes the gauges operators are paged on (app.SagaGauges) from DynamoDB, on a timer. */
public class SagaGaugeRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:saga-gauges?period={{metrics.gauges-period-ms}}").routeId("saga-gauges")
                .description("The oldest open sagas, the parked orders and the oldest unpublished event, as gauges")
                .onException(Exception.class).handled(true) // the gauges keep their last values; readiness reports the outage
                    .log(LoggingLevel.WARN, "The saga gauges could not be read: ${exception.message}")
                .end()
                .bean("sagaGauges", "refresh");
    }
}
