package bench;

import app.SagaCallbackEntry;
import domain.Step;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * For the modes without the coordinator: nothing reports a saga's end (the coordinator's AfterLRA
 * call), so the order would never take its final status. CompleteOrder, the last completion the
 * coordinator calls, reports it when it has run, as the coordinator would after it.
 */
final class ReportsSagaEnd extends MainListenerSupport {

    @Override
    public void afterConfigure(BaseMainSupport main) {
        Model model = main.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition completeOrder = model.getRouteDefinition(Step.COMPLETE_ORDER.route());
        completeOrder.setBody().constant("Closed");
        completeOrder.to("direct:" + SagaCallbackEntry.ENDED_ROUTE);
    }
}
