package routes;

import domain.CallbackVerdict;
import domain.CallbackTokens;
import domain.Participant;
import domain.Step;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;

/** Payment service: ProcessPayment (debit), its compensation ProcessRefund, and its completion. */
public class PaymentServiceRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:payment-debit").routeId("payment-debit").routeConfigurationId(SagaErrorHandling.ACTION)
                .description("ProcessPayment: debit the order total")
                .saga().propagation(SagaPropagation.MANDATORY)
                    .option(Headers.ORDER_ID, header(Headers.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(Participant.PAYMENT))
                    .compensation("direct:payment-refund")
                    .completion("direct:payment-settle")
                .setProperty(Headers.STEP, constant(Step.PROCESS_PAYMENT))
                .bean("paymentRepository", "debit(" + Headers.ORDER_ID_VALUE + ", ${body.total()}, " + Headers.LRA + ")")
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("sagaJournal", Headers.JOURNAL_SUCCEEDED);

        from("direct:payment-refund").routeId("payment-refund").routeConfigurationId(SagaErrorHandling.COMPENSATION)
                .description("ProcessRefund (compensation): credit back the debit")
                .setProperty(Headers.STEP, constant(Step.PROCESS_REFUND))
                .to("direct:saga-compensation-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Compensated")).stop().end()
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("paymentRepository", "refund(" + Headers.ORDER_ID_VALUE + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPENSATED)
                .setProperty(Headers.COMPENSATION_OUTCOME, constant("SUCCEEDED"))
                .filter(body()).toD(Headers.COUNT_COMPENSATION).end() // once per order and step, however often it is called
                .setBody(constant("Compensated"));

        from("direct:payment-settle").routeId("payment-settle").routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("SettlePayment (completion): the debit can no longer be refunded")
                .setProperty(Headers.STEP, constant(Step.SETTLE_PAYMENT))
                .to("direct:saga-completion-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Completed")).stop().end()
                .bean("paymentRepository", "settle(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPLETED);
    }
}
