package routes;

import domain.CallbackVerdict;
import domain.CallbackTokens;
import domain.Participant;
import domain.Step;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SagaPropagation;

/** Inventory service: ReserveInventory, its compensation ReleaseInventory, and its completion. */
public class InventoryServiceRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:inventory-reserve").routeId("inventory-reserve").routeConfigurationId(SagaErrorHandling.ACTION)
                .description("ReserveInventory: take every item's stock, all or none")
                .saga().propagation(SagaPropagation.MANDATORY)
                    .option(Headers.ORDER_ID, header(Headers.ORDER_ID))
                    .option(CallbackTokens.OPTION, CallbackTokenOption.of(Participant.INVENTORY))
                    .compensation("direct:inventory-release")
                    .completion("direct:inventory-confirm")
                .setProperty(Headers.STEP, constant(Step.RESERVE_INVENTORY))
                .bean("inventoryRepository", "reserve(" + Headers.ORDER_ID_VALUE + ", ${body.quantitiesByItem()}, " + Headers.LRA + ")")
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("sagaJournal", Headers.JOURNAL_SUCCEEDED);

        from("direct:inventory-release").routeId("inventory-release").routeConfigurationId(SagaErrorHandling.COMPENSATION)
                .description("ReleaseInventory (compensation): give the reserved stock back")
                .setProperty(Headers.STEP, constant(Step.RELEASE_INVENTORY))
                .to("direct:saga-compensation-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Compensated")).stop().end()
                .bean("faultInjector", "failIfScenario(" + Headers.STEP_VALUE + ", " + Headers.ORDER_ID_VALUE + ")")
                .bean("inventoryRepository", "release(" + Headers.ORDER_ID_VALUE + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPENSATED)
                .setProperty(Headers.COMPENSATION_OUTCOME, constant("SUCCEEDED"))
                .filter(body()).toD(Headers.COUNT_COMPENSATION).end() // once per order and step, however often it is called
                .setBody(constant("Compensated"));

        from("direct:inventory-confirm").routeId("inventory-confirm").routeConfigurationId(SagaErrorHandling.COMPLETION)
                .description("ConfirmInventory (completion): the reserved stock is sold")
                .setProperty(Headers.STEP, constant(Step.CONFIRM_INVENTORY))
                .to("direct:saga-completion-gate")
                .filter(exchangeProperty(Headers.VERDICT).isNotEqualTo(CallbackVerdict.PROCEED)).setBody(constant("Completed")).stop().end()
                .bean("inventoryRepository", "confirm(" + Headers.ORDER_ID_VALUE + ", " + Headers.LRA + ")")
                .bean("sagaJournal", Headers.JOURNAL_COMPLETED);
    }
}
