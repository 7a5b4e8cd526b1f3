package routes;

import domain.CallbackVerdict;
import domain.SagaDecision;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;

/**
 * The gates every participant callback passes first. The first callback of a saga records how it
 * ended; one that contradicts it is refused, and the app then finishes the saga that way itself,
 * since the coordinator will not (it has moved on).
 */
public class SagaDecisionRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:saga-compensation-gate").routeId("saga-compensation-gate")
                .description("Before a compensation: refuse a foreign saga, skip a parked step, finish a saga that closed first")
                .errorHandler(noErrorHandler()) // the calling compensation's error handling applies
                .setProperty(Headers.VERDICT, method("callbackGate", Headers.GATE_COMPENSATION))
                .filter(exchangeProperty(Headers.VERDICT).isEqualTo(CallbackVerdict.CONTRADICTS_DECISION))
                    .bean("sagaJournal", "refused(" + Headers.ORDER_ID_VALUE + ", " + Headers.STEP_VALUE + ", "
                            + SagaDecision.CLOSED + ", " + Headers.LRA + ")")
                    .enrich("direct:saga-finish-closed", AggregationStrategies.useOriginal())
                .end();

        from("direct:saga-completion-gate").routeId("saga-completion-gate")
                .description("Before a completion: finish a saga that was cancelled first")
                .errorHandler(noErrorHandler())
                .setProperty(Headers.VERDICT, method("callbackGate", Headers.GATE_COMPLETION))
                .filter(exchangeProperty(Headers.VERDICT).isEqualTo(CallbackVerdict.CONTRADICTS_DECISION))
                    .bean("sagaJournal", "refused(" + Headers.ORDER_ID_VALUE + ", " + Headers.STEP_VALUE + ", "
                            + SagaDecision.CANCELLED + ", " + Headers.LRA + ")")
                    .enrich("direct:saga-finish-cancelled", AggregationStrategies.useOriginal())
                .end();

        // The coordinator can lose a saga: killed -9 while the saga was starting, Narayana 7.1 restores
        // the LRA as RUNNING and never applies its time limit. Such an order would stay IN_PROGRESS forever.
        from("timer:stranded-sagas?period={{saga.stranded-check-period-ms}}").routeId("saga-stranded-sweep")
                .description("Cancels sagas still IN_PROGRESS long after their time limit: the coordinator lost them")
                .setBody(method("orderRepository", "inProgressOlderThan({{saga.stranded-after-seconds}})"))
                .split(body())
                    .setHeader(Headers.ORDER_ID, simple("${body.orderId()}"))
                    .setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, simple("${body.lraId()}"))
                    .log(LoggingLevel.ERROR, "ALERT order ${header.orderId}: saga still IN_PROGRESS long after its time limit;"
                            + " cancelling it here")
                    .to("direct:saga-finish-cancelled")
                .end();

        from("direct:saga-finish-closed").routeId("saga-finish-closed")
                .description("The saga closed: every step's completion runs (each does its part once)")
                .errorHandler(noErrorHandler())
                .to("direct:inventory-confirm")
                .to("direct:payment-settle")
                .to("direct:order-complete");

        from("direct:saga-finish-cancelled").routeId("saga-finish-cancelled")
                .description("The saga was cancelled: every step's compensation runs (each does its part once)")
                .errorHandler(noErrorHandler())
                .to("direct:inventory-release")
                .to("direct:payment-refund")
                .to("direct:order-cancel");
    }
}
