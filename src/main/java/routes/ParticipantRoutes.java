package routes;

import domain.CallbackTokens;
import domain.CallbackVerdict;
import domain.Completion;
import domain.FaultInjector;
import domain.MessageKeys;
import domain.Participant;
import domain.Step;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;
import store.Outcome;

/**
 * The three routes of a saga participant, their shape written once: the action joins the saga with
 * its compensation and completion; those two pass the callback gate before they change anything,
 * and record how they ended. A service's routes name only its step and what it calls.
 */
abstract class ParticipantRoutes extends RouteBuilder {

    /** Exchange property: how a compensation ended ({@link Outcome}: FAILED when parked), for the metrics and redrive. */
    static final String COMPENSATION_OUTCOME = "compensationOutcome";
    /** Counts a compensation by step and outcome in the metrics. */
    static final String COUNT_COMPENSATION = "micrometer:counter:order.saga.compensations?tags.step=${exchangeProperty." + MessageKeys.STEP
            + "}&tags.outcome=${exchangeProperty." + COMPENSATION_OUTCOME + "}";
    /** What a compensation answers the coordinator when it is done with (undone, nothing to undo, skipped, parked). */
    static final String COMPENSATED = "Compensated";
    /** Records in the journal how often the step was retried and how long it waited, if it was retried at all. */
    static final String RECORD_RETRIES = "direct:saga-step-retries";
    static final String COMPLETED = "Completed";

    /** The seed sample's failure scenarios (domain.FaultInjector): this step fails if the order id's prefix picks it. */
    private static void failIfScenario(Exchange exchange) {
        exchange.getContext().getRegistry().findSingleByType(FaultInjector.class).failIfScenario(
                exchange.getProperty(MessageKeys.STEP, Step.class), exchange.getMessage().getHeader(MessageKeys.ORDER_ID, String.class));
    }

    /**
     * The action: joins the saga (the join carries the order id and the callback token), performs the
     * step by calling {@code method} of {@code bean}, which records its success in the same write, and
     * fails if the order's scenario says so (after its write: the failure then takes the success's place).
     */
    void action(Step step, String description, String bean, String method) {
        Participant participant = step.participant();
        from(step.uri()).routeId(step.route()).routeConfigurationId(SagaErrorHandling.ACTION)
                .description(step + ": " + description)
                .saga().propagation(SagaPropagation.MANDATORY)
                    .option(MessageKeys.ORDER_ID, header(MessageKeys.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(participant))
                    .compensation(participant.compensation().uri())
                    .completion(participant.completion().uri())
                .setProperty(MessageKeys.STEP, constant(step)) // after the join: the Saga EIP wraps the whole route
                .process(ParticipantRoutes::begin)
                .bean(bean, method)
                .to(RECORD_RETRIES)
                .process(ParticipantRoutes::failIfScenario);
    }

    /**
     * The compensation: after the gate lets it through, fails if the order's scenario says so
     * (before its write), undoes the action by calling {@code method} of {@code bean} (which returns
     * an {@link domain.Undo}), records it, and counts it once however often it is called.
     */
    void compensation(Step step, String description, String bean, String method) {
        from(step.uri()).routeId(step.route()).routeConfigurationId(SagaErrorHandling.COMPENSATION)
                .description(step + " (compensation): " + description)
                .setProperty(MessageKeys.STEP, constant(step))
                .process(ParticipantRoutes::begin)
                .to("direct:saga-compensation-gate")
                .filter(exchangeProperty(SagaDecisionRoutes.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED))
                    .setBody(constant(COMPENSATED)).stop()
                .end()
                .process(ParticipantRoutes::failIfScenario)
                .bean(bean, method)
                .bean("sagaJournal", "compensated")
                .to(RECORD_RETRIES)
                .setProperty(COMPENSATION_OUTCOME, constant(Outcome.SUCCEEDED))
                .filter(body()).toD(COUNT_COMPENSATION).end()
                .setBody(constant(COMPENSATED));
    }

    /**
     * The completion: after the gate lets it through, calls {@code method} of {@code bean}, which
     * finishes this saga's step, records it and the saga's decision in the same write, and returns a
     * {@link Completion}. One that finds the saga cancelled first is refused like one the gate refuses.
     */
    void completion(Step step, String description, String bean, String method) {
        from(step.uri()).routeId(step.route()).routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description(step + " (completion): " + description)
                .setProperty(MessageKeys.STEP, constant(step))
                .process(ParticipantRoutes::begin)
                .to("direct:saga-completion-gate")
                .filter(exchangeProperty(SagaDecisionRoutes.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED))
                    .setBody(constant(COMPLETED)).stop()
                .end()
                .bean(bean, method)
                .filter(body().isEqualTo(Completion.CANCELLED_FIRST))
                    .to(SagaDecisionRoutes.COMPLETION_REFUSED)
                    .setBody(constant(COMPLETED)).stop()
                .end()
                .bean("sagaJournal", "completed")
                .to(RECORD_RETRIES);
    }

    /** A step begins: no retries yet (an action's exchange has just run the step before it). */
    private static void begin(Exchange exchange) {
        exchange.setProperty(MessageKeys.STEP_STARTED_AT, System.currentTimeMillis());
        exchange.removeProperty(MessageKeys.RETRIES);
        exchange.removeProperty(MessageKeys.LAST_RETRY_AT);
    }
}
