package app;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.RouteConfigurationDefinition;

/**
 * Every saga callback passes {@link CallbackEntry} first: at camel-lra's own participant routes
 * (lra-compensation, lra-completion), and at the REST route the end of a saga is reported to. A route
 * configuration without an id applies to every route that names none, camel-lra's included; the
 * patterns limit it to those. A route gets its configurations when it is added, and camel-lra adds
 * its routes as Camel Main configures the saga service, so this one is added before that (and lives
 * outside the scanned routes package).
 */
public class SagaCallbackEntry extends RouteConfigurationBuilder {

    /** The route the coordinator's AfterLRA call reaches ({@link SagaEndWatch}). */
    public static final String ENDED_ROUTE = "saga-ended";

    /**
     * Before Camel Main configures the saga service: binds ours (which watches each saga's end) for
     * it to configure, and adds this entry, so camel-lra's routes get it when they are added.
     */
    public static MainListenerSupport installer() {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                try {
                    main.getCamelContext().addRoutes(new SagaCallbackEntry());
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot add the saga callbacks' entry", e);
                }
                // after the entry: binding hands the service the context, and it adds its routes then
                main.getCamelContext().getRegistry().bind("lraSagaService", new SagaService());
            }
        };
    }

    @Override
    public void configuration() {
        RouteConfigurationDefinition callbacks = routeConfiguration();
        callbacks.interceptFrom("direct:lra-*").process("callbackEntry");
        // the REST route of the end report, not saga-ended itself: the stranded-saga sweep calls that in-process
        callbacks.interceptFrom("rest://put:.*" + SagaEndWatch.ENDED_PATH + ".*").process("callbackEntry"); // a regular expression
    }
}
