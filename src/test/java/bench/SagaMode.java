package bench;

import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.saga.InMemorySagaService;
import org.apache.camel.spi.UuidGenerator;

/**
 * The ways the benchmark runs: the same routes with durable LRA, with Camel's in-memory saga
 * service and with no saga service; and the floor, the least a saga must write, without the routes.
 */
enum SagaMode {

    /** The app as shipped: the Narayana coordinator in this JVM, its log on disk. */
    LRA,
    /** Camel's InMemorySagaService in place of the coordinator: nothing survives a crash. */
    INMEMORY,
    /** No saga service: the Saga EIPs are taken out, and the caller runs the completions itself. */
    NOSAGA,
    /** No routes: the callers write what a completed saga must leave in DynamoDB, in plain SDK calls ({@link FloorWrites}). */
    FLOOR;

    Map<String, String> overrides() {
        return switch (this) {
            // the app's recovery settings, not the tests' short ones
            case LRA -> Map.of("local.coordinator.recovery-period-seconds", "30", "local.coordinator.recovery-backoff-seconds", "5");
            // Camel's in-memory service queues a timeout task per saga on Camel's default scheduled pool,
            // whose queue holds 1,000: at 34 sagas/s with a 30 s time limit it rejects completions.
            case INMEMORY -> Map.of("camel.lra.enabled", "false", "local.coordinator.enabled", "false",
                    "camel.threadpool.max-queue-size", "-1");
            case NOSAGA, FLOOR -> Map.of("camel.lra.enabled", "false", "local.coordinator.enabled", "false");
        };
    }

    /**
     * The start of the coordinator's saga ids. The app's callback gate accepts only sagas of its
     * coordinator, so the modes without one give their sagas ids that begin with this.
     */
    static String coordinatorLras(CamelContext context) {
        return context.resolvePropertyPlaceholders("{{coordinator.url}}{{camel.lra.coordinator-context-path}}/");
    }

    List<MainListener> listeners() {
        return switch (this) {
            case LRA -> List.of();
            case INMEMORY -> List.of(new ReportsSagaEnd(), new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport main) {
                    try {
                        CamelContext context = main.getCamelContext();
                        String coordinatorLras = coordinatorLras(context);
                        UuidGenerator ids = context.getUuidGenerator();
                        context.setUuidGenerator(() -> coordinatorLras + ids.generateUuid());
                        context.addService(new InMemorySagaService());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            case NOSAGA -> List.of(new WithoutSaga(), new ReportsSagaEnd());
            case FLOOR -> List.of(new WithoutSaga()); // the floor runs no route, but the app must start
        };
    }
}
