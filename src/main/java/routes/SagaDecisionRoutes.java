package routes;

import app.SagaCallbackEntry;
import domain.CallbackVerdict;
import domain.MessageKeys;
import domain.SagaDecision;
import domain.Step;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * The gates every participant callback passes first. The first callback of a saga records how it
 * ended; one that contradicts it is refused, and the app then finishes the saga that way itself,
 * since the coordinator will not (it has moved on).
 */
public class SagaDecisionRoutes extends RouteBuilder {

    /** Exchange property: the {@link CallbackVerdict} of a participant callback's gate. */
    static final String VERDICT = "callbackVerdict";
    /** A completion of a saga cancelled first: refused, and the saga finished as cancelled. */
    static final String COMPLETION_REFUSED = "direct:saga-completion-refused";

    @Override
    public void configure() {
        from("direct:saga-compensation-gate").routeId("saga-compensation-gate")
                .description("Before a compensation: refuse a foreign saga, skip a parked step, finish a saga that closed first")
                .errorHandler(noErrorHandler()) // the calling compensation's error handling applies
                .setProperty(VERDICT, method("callbackGate", "compensation"))
                .filter(exchangeProperty(VERDICT).isEqualTo(CallbackVerdict.CONTRADICTS_DECISION))
                    .bean("sagaJournal", "refused")
                    .setProperty(MessageKeys.DECISION, constant(SagaDecision.CLOSED))
                    .enrich("direct:saga-finish", AggregationStrategies.useOriginal())
                .end();

        from("direct:saga-completion-gate").routeId("saga-completion-gate")
                .description("Before a completion: finish a saga that was cancelled first")
                .errorHandler(noErrorHandler())
                .setProperty(VERDICT, method("callbackGate", "completion"))
                .filter(exchangeProperty(VERDICT).isEqualTo(CallbackVerdict.CONTRADICTS_DECISION))
                    .to(COMPLETION_REFUSED)
                .end();

        from(COMPLETION_REFUSED).routeId("saga-completion-refused")
                .description("A completion of a saga that was cancelled first: refused, and the saga finished as cancelled")
                .errorHandler(noErrorHandler())
                .bean("sagaJournal", "refused")
                .setProperty(MessageKeys.DECISION, constant(SagaDecision.CANCELLED))
                .enrich("direct:saga-finish", AggregationStrategies.useOriginal());

        from("timer:stranded-sagas?period={{saga.stranded-check-period-ms}}").routeId("saga-stranded-sweep")
                .description("Sagas still open long after their time limit: cancelled at their coordinator, or finished here if it lost them")
                .setBody(method("strandedSagas", "candidates"))
                .split(body())
                    .setHeader(MessageKeys.ORDER_ID, simple("${body.orderId}"))
                    .setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, simple("${body.lraId}"))
                    .setProperty(MessageKeys.DECISION, method("strandedSagas", "finishHere"))
                    .filter(exchangeProperty(MessageKeys.DECISION).isNotNull())
                        .to("direct:saga-finish")
                        .setProperty(MessageKeys.SWEPT, constant(true))
                        .setBody(constant("")) // no report of the coordinator's: the decision taken stands
                        .to("direct:" + SagaCallbackEntry.ENDED_ROUTE)
                    .end()
                .end();

        // In the app, on a decision taken: no step asks the coordinator again (its property goes), and
        // each step runs on a copy of the exchange: a step that skips its part stops its own copy, not this one.
        from("direct:saga-finish").routeId("saga-finish")
                .description("Finishes a saga here the way it ended: every step's completion, or every compensation (each does its part once)")
                .errorHandler(noErrorHandler())
                .removeProperty(MessageKeys.FROM_COORDINATOR)
                .choice()
                .when(exchangeProperty(MessageKeys.DECISION).isEqualTo(SagaDecision.CLOSED))
                    .to("direct:saga-finish-closed")
                .otherwise()
                    .to("direct:saga-finish-cancelled")
                .end();
        from("direct:saga-finish-unrecorded").routeId("saga-finish-unrecorded")
                .description("At a saga's end: a step of its decision with nothing in the history runs here (the coordinator ended the saga early)")
                .errorHandler(noErrorHandler())
                .removeProperty(MessageKeys.FROM_COORDINATOR)
                .setProperty(MessageKeys.AT_END, constant(true))
                .split(method("sagaJournal", "unrecordedSteps")).stopOnException()
                    .toD("${body}")
                .end()
                .removeProperty(MessageKeys.AT_END);
        enrichEach(from("direct:saga-finish-closed").routeId("saga-finish-closed").errorHandler(noErrorHandler())
                .description("The saga closed: every step's completion runs"), Step.Kind.COMPLETION);
        enrichEach(from("direct:saga-finish-cancelled").routeId("saga-finish-cancelled").errorHandler(noErrorHandler())
                .description("The saga was cancelled: every step's compensation runs"), Step.Kind.COMPENSATION);
    }

    /** Runs every service's step of this kind, last service first, each on a copy of the exchange. */
    private static void enrichEach(RouteDefinition route, Step.Kind kind) {
        Step.ofServicesLastFirst(kind).forEach(step -> route.enrich(step.uri(), AggregationStrategies.useOriginal()));
    }
}
