package bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SagaDefinition;

/**
 * Takes the Saga EIP out of every route, keeping the steps it wraps, so the same routes and
 * repositories run with no saga service. Where a step would have joined a saga, the completion
 * it would have registered is noted on the exchange; the caller runs those in reverse order,
 * as the coordinator does when a saga closes.
 */
final class WithoutSaga extends MainListenerSupport {

    static final String COMPLETIONS = "benchCompletions";

    @Override
    public void afterConfigure(BaseMainSupport main) {
        Model model = main.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        model.getRouteDefinitions().forEach(WithoutSaga::unwrap);
    }

    private static void unwrap(RouteDefinition route) {
        List<ProcessorDefinition<?>> outputs = route.getOutputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) instanceof SagaDefinition saga) {
                List<ProcessorDefinition<?>> steps = new ArrayList<>();
                if (saga.getCompletion() != null) {
                    String completion = saga.getCompletion().getUri();
                    steps.add(new ProcessDefinition(exchange -> completions(exchange).add(completion)));
                }
                steps.addAll(saga.getOutputs());
                outputs.remove(i);
                outputs.addAll(i, steps);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static List<String> completions(Exchange exchange) {
        List<String> uris = exchange.getProperty(COMPLETIONS, List.class);
        if (uris == null) {
            uris = new ArrayList<>();
            exchange.setProperty(COMPLETIONS, uris);
        }
        return uris;
    }
}
