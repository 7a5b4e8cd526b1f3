package app;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Every saga callback passes {@link CallbackEntry} first, at camel-lra's own participant routes
 * (lra-compensation, lra-completion). A route configuration without an id applies to every route
 * that names none, camel-lra's included; the pattern limits it to those two. A route gets its
 * configurations when it is added, and camel-lra adds its routes as Camel Main configures the saga
 * service, so this one is added before that (and lives outside the scanned routes package).
 */
public class SagaCallbackEntry extends RouteConfigurationBuilder {

    /** Adds the entry before Camel Main configures anything. */
    public static MainListenerSupport installer() {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                try {
                    main.getCamelContext().addRoutes(new SagaCallbackEntry());
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot add the saga callbacks' entry", e);
                }
            }
        };
    }

    @Override
    public void configuration() {
        routeConfiguration().interceptFrom("direct:lra-*").process("callbackEntry");
    }
}
