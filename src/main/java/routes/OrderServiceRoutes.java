package routes;

import domain.CallbackVerdict;
import domain.CallbackTokens;
import domain.Participant;
import domain.Step;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;

/** Order service: ProcessOrder, its compensation UpdateOrderStatus, and its completion. */
public class OrderServiceRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:order-process").routeId("order-process").routeConfigurationId(SagaErrorHandling.ACTION)
                .description("ProcessOrder: store the order IN_PROGRESS")
                .saga().propagation(SagaPropagation.MANDATORY)
                    .option(Headers.ORDER_ID, header(Headers.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(Participant.ORDER))
                    .compensation("direct:order-cancel")
                    .completion("direct:order-complete")
                .setProperty(Headers.STEP, constant(Step.PROCESS_ORDER))
                .bean("orderRepository", "create(${body}, " + Headers.LRA + ")")
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("sagaJournal", Headers.JOURNAL_SUCCEEDED);

        from("direct:order-cancel").routeId("order-cancel").routeConfigurationId(SagaErrorHandling.COMPENSATION)
                .description("UpdateOrderStatus (compensation): order CANCELLED")
                .setProperty(Headers.STEP, constant(Step.UPDATE_ORDER_STATUS))
                .to("direct:saga-compensation-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Compensated")).stop().end()
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("orderRepository", "cancel(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPENSATED)
                .setProperty(Headers.COMPENSATION_OUTCOME, constant("SUCCEEDED"))
                .filter(body()).toD(Headers.COUNT_COMPENSATION).end() // once per order and step, however often it is called
                .setBody(constant("Compensated"));

        from("direct:order-complete").routeId("order-complete").routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("CompleteOrder (completion): order COMPLETED")
                .setProperty(Headers.STEP, constant(Step.COMPLETE_ORDER))
                .to("direct:saga-completion-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Completed")).stop().end()
                .bean("orderRepository", "complete(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPLETED);
    }
}
