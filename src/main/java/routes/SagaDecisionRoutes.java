package routes;

import app.SagaCallbackEntry;
import domain.CallbackVerdict;
import domain.SagaDecision;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;

/**
 * The gates every participant callback passes first. The first callback of a saga records how it
 * ended; one that contradicts it is refused, and the app then finishes the saga that way itself,
 * since the coordinator will not (it has moved on).
 */
public class SagaDecisionRoutes extends RouteBuilder {

    private static final String DECISION = "strandedDecision";

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

        from("timer:stranded-sagas?period={{saga.stranded-check-period-ms}}").routeId("saga-stranded-sweep")
                .description("Sagas still open long after their time limit: cancelled at their coordinator, or finished here if it lost them")
                .setBody(method("orderRepository", "openOlderThan({{saga.stranded-after-seconds}})"))
                .split(body())
                    .setHeader(Headers.ORDER_ID, simple("${body.orderId()}"))
                    .setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, simple("${body.lraId()}"))
                    .setProperty(DECISION, method("strandedSagas", "finishHere(${body})"))
                    .filter(simple("${exchangeProperty." + DECISION + ".isPresent()}"))
                        .choice()
                            .when(simple("${exchangeProperty." + DECISION + ".get()} == 'CLOSED'")).to("direct:saga-finish-closed")
                            .otherwise().to("direct:saga-finish-cancelled")
                        .end()
                        .setProperty(Headers.SWEPT, constant(true))
                        .setBody(constant("")) // no report of the coordinator's: the decision taken stands
                        .to("direct:" + SagaCallbackEntry.ENDED_ROUTE)
                    .end()
                .end();

        from("direct:saga-finish-closed").routeId("saga-finish-closed")
                .description("The saga closed: every step's completion runs (each does its part once)")
                .errorHandler(noErrorHandler())
                // each on a copy of the exchange: a step that skips its part stops its own exchange, not this one
                .enrich("direct:inventory-confirm", AggregationStrategies.useOriginal())
                .enrich("direct:payment-settle", AggregationStrategies.useOriginal())
                .enrich("direct:order-complete", AggregationStrategies.useOriginal());

        from("direct:saga-finish-cancelled").routeId("saga-finish-cancelled")
                .description("The saga was cancelled: every step's compensation runs (each does its part once)")
                .errorHandler(noErrorHandler())
                .enrich("direct:inventory-release", AggregationStrategies.useOriginal())
                .enrich("direct:payment-refund", AggregationStrategies.useOriginal())
                .enrich("direct:order-cancel", AggregationStrategies.useOriginal());
    }
}
