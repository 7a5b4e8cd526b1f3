package routes;

import app.SagaCallbackEntry;
import app.SagaEndWatch;
import domain.CallbackTokens;
import domain.CallbackVerdict;
import domain.MessageKeys;
import domain.Participant;
import domain.Step;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;
import store.Outcome;

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
                    .option(MessageKeys.ORDER_ID, header(MessageKeys.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(Participant.SAGA))
                .log("Order ${header.orderId}: saga ${header.Long-Running-Action} started")
                .to(Step.PROCESS_ORDER.uri())
                .to(Step.PROCESS_PAYMENT.uri())
                .to(Step.RESERVE_INVENTORY.uri());

        rest("{{camel.lra.local-participant-context-path}}")
                .put(SagaEndWatch.ENDED_PATH).id("rest-saga-ended").to("direct:" + SagaCallbackEntry.ENDED_ROUTE);

        from("direct:" + SagaCallbackEntry.ENDED_ROUTE).routeId(SagaCallbackEntry.ENDED_ROUTE)
                .routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("The saga has ended, every participant's callback has run: the order takes its final status")
                .setProperty(MessageKeys.STEP, constant(Step.SAGA_CLOSED))
                .filter(method("orderRepository", "hasEnded")) // CompleteOrder ended it, or this is a repeat
                    .setBody(constant("Ended")).stop()
                .end()
                .setProperty(ENDING, method("callbackGate", "ended"))
                .setProperty(MessageKeys.DECISION, simple("${exchangeProperty." + ENDING + ".decision}"))
                .filter(simple("${exchangeProperty." + ENDING + ".finishHere}")) // the coordinator has lost it
                    .to("direct:saga-finish")
                    .setProperty(MessageKeys.SWEPT, constant(true))
                .end()
                .to("direct:saga-finish-unrecorded")
                .bean("sagaJournal", "ended")
                .setBody(constant("Ended"));

        // Sagas started before the end watch joined with these two callbacks: they record how the saga ended.
        sagaCallback(Step.SAGA_CLOSED, "SagaClosed: the coordinator closed the saga");
        sagaCallback(Step.SAGA_CANCELLED, "SagaCancelled: the coordinator cancelled the saga");

        from("direct:saga-action-failed").routeId("saga-action-failed")
                .description("Records a failed saga action in the order's history")
                // the step of the route that failed: a failed join fails before the action's route set its step
                .process(exchange -> Step.ofRoute(exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class))
                        .ifPresent(step -> exchange.setProperty(MessageKeys.STEP, step)))
                .bean("sagaJournal", "actionFailed")
                .to(ParticipantRoutes.RECORD_RETRIES);

        from(ParticipantRoutes.RECORD_RETRIES).routeId("saga-step-retries")
                .description("Records how often a step was retried and how long it waited, when it was")
                .filter(exchangeProperty(MessageKeys.RETRIES).isNotNull())
                    .bean("sagaJournal", "retried")
                    .removeProperty(MessageKeys.RETRIES) // recorded: a failure path after this one does not repeat it
                .end();

        from("direct:saga-compensation-parked").routeId("saga-compensation-parked")
                .description("A compensation ran out of retries: order parked as COMPENSATION_FAILED")
                .setProperty(ParticipantRoutes.COMPENSATION_OUTCOME, constant(Outcome.FAILED))
                .bean("sagaJournal", "compensationParked")
                .to(ParticipantRoutes.RECORD_RETRIES)
                .filter(body()).toD(ParticipantRoutes.COUNT_COMPENSATION).end()
                .setBody(constant(ParticipantRoutes.COMPENSATED)); // to the coordinator: stop calling; the order stays parked until redriven
    }

    /** One of the saga route's own callbacks: it records how the saga ended unless that contradicts the decision. */
    private void sagaCallback(Step step, String description) {
        from(step.uri()).routeId(step.route()).routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description(description)
                .setProperty(MessageKeys.STEP, constant(step))
                .filter(method("callbackGate", "sagaCallback").isEqualTo(CallbackVerdict.PROCEED))
                    .bean("sagaJournal", "succeeded")
                .end();
    }
}
