package routes;

import app.SagaCallbackEntry;
import app.SagaEndWatch;
import domain.CallbackTokens;
import domain.CallbackVerdict;
import domain.Participant;
import domain.SagaDecision;
import domain.Step;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;

/**
 * The order saga, read top to bottom: ProcessOrder, ProcessPayment, ReserveInventory. The LRA
 * coordinator calls the compensations of the steps that joined if any step fails or the time
 * limit passes, and their completions when all succeed.
 */
public class OrderSagaRoute extends RouteBuilder {

    private static final String ENDING = "sagaEnding";

    @Override
    public void configure() {
        // The route that starts a saga joins it too (camel-lra always does): its join carries the
        // saga's time limit, and asks the coordinator to report when the saga has ended (app.SagaEndWatch).
        from("direct:order-saga").routeId("order-saga")
                .description("Order saga: ProcessOrder -> ProcessPayment -> ReserveInventory")
                .errorHandler(noErrorHandler()) // a failed step is logged by the journal, not again here
                .saga().propagation(SagaPropagation.REQUIRES_NEW)
                    .timeout("{{saga.timeout}}")
                    .option(Headers.ORDER_ID, header(Headers.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(Participant.SAGA))
                .log("Order ${header.orderId}: saga ${header.Long-Running-Action} started")
                .to("direct:order-process")
                .to("direct:payment-debit")
                .to("direct:inventory-reserve");

        rest("{{camel.lra.local-participant-context-path}}")
                .put(SagaEndWatch.ENDED_PATH).id("rest-saga-ended").to("direct:" + SagaCallbackEntry.ENDED_ROUTE);

        from("direct:" + SagaCallbackEntry.ENDED_ROUTE).routeId(SagaCallbackEntry.ENDED_ROUTE)
                .routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("The saga has ended, every participant's callback has run: the order takes its final status")
                .setProperty(Headers.STEP, constant(Step.SAGA_CLOSED))
                .setProperty(ENDING, method("callbackGate", "ended(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ", ${body}, "
                        + Headers.FROM_COORDINATOR + ")"))
                .filter(simple("${exchangeProperty." + ENDING + ".finishHere()}")) // the coordinator has lost it
                    .choice()
                        .when(simple("${exchangeProperty." + ENDING + ".decision()} == 'CLOSED'")).to("direct:saga-finish-closed")
                        .otherwise().to("direct:saga-finish-cancelled")
                    .end()
                    .setProperty(Headers.SWEPT, constant(true))
                .end()
                .bean("sagaJournal", "ended(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ", ${exchangeProperty." + ENDING + ".decision()}, "
                        + "${exchangeProperty." + Headers.SWEPT + "})")
                .setBody(constant("Ended"));

        // Sagas started before the end watch joined with these two callbacks: they record how the saga ended.
        from("direct:order-saga-closed").routeId("order-saga-closed").routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("SagaClosed: the coordinator closed the saga")
                .setProperty(Headers.STEP, constant(Step.SAGA_CLOSED))
                .setProperty(Headers.VERDICT, method("callbackGate", sagaCallback(SagaDecision.CLOSED)))
                .filter(exchangeProperty(Headers.VERDICT).isEqualTo(CallbackVerdict.PROCEED))
                    .bean("sagaJournal", Headers.JOURNAL_SUCCEEDED)
                .end();

        from("direct:order-saga-cancelled").routeId("order-saga-cancelled").routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("SagaCancelled: the coordinator cancelled the saga")
                .setProperty(Headers.STEP, constant(Step.SAGA_CANCELLED))
                .setProperty(Headers.VERDICT, method("callbackGate", sagaCallback(SagaDecision.CANCELLED)))
                .filter(exchangeProperty(Headers.VERDICT).isEqualTo(CallbackVerdict.PROCEED))
                    .bean("sagaJournal", Headers.JOURNAL_SUCCEEDED)
                .end();

        from("direct:saga-action-failed").routeId("saga-action-failed")
                .description("Records a failed saga action in the order's history")
                .bean("sagaJournal", "actionFailed(" + Headers.ORDER_ID_VALUE + ", " + Headers.STEP_VALUE
                        + ", ${exception.message}, " + Headers.LRA + ")");

        from("direct:saga-compensation-parked").routeId("saga-compensation-parked")
                .description("A compensation ran out of retries: order parked as COMPENSATION_FAILED")
                .setProperty(Headers.COMPENSATION_OUTCOME, constant("FAILED"))
                .bean("sagaJournal", "compensationParked(" + Headers.ORDER_ID_VALUE + ", " + Headers.STEP_VALUE
                        + ", ${exception.message}, " + Headers.LRA + ")")
                .filter(body()).toD(Headers.COUNT_COMPENSATION).end()
                .setBody(constant("Compensated")); // to the coordinator: stop calling; the order stays parked until redriven
    }

    /** The gate's call for the saga's own callback: it records how the saga ended unless that contradicts the decision. */
    private static String sagaCallback(SagaDecision ended) {
        return "sagaCallback(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ", " + ended + ", " + Headers.FROM_COORDINATOR + ")";
    }
}
