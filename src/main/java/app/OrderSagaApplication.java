package app;

import console.ConsoleStarter;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;
import security.ApiSecurity;

/**
 * Starts the order saga: the Camel routes and Hawtio. This is the production entry point; the local
 * run (mvn compile camel:run) starts local.LocalRun, which adds the stand-ins for AWS and the
 * coordinator in the same JVM.
 */
public final class OrderSagaApplication {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private OrderSagaApplication() {
    }

    public static void main(String[] args) {
        configureJvm();
        System.exit(run(create(), args));
    }

    /**
     * Runs the app until it stops: its exit status. One refused at start (a setting it will not run
     * with) says why and returns 1, so the caller can end the JVM instead of waiting on the threads
     * that were started before the refusal.
     */
    public static int run(Main main, String[] args) {
        try {
            return main.run(args);
        } catch (Exception refused) {
            Throwable reason = refused;
            while (reason.getCause() != null) {
                reason = reason.getCause();
            }
            if (reason instanceof IllegalStateException) { // a setting refused: its message says what to do
                LoggerFactory.getLogger(OrderSagaApplication.class).error("The app did not start: {}", reason.getMessage());
            } else {
                LoggerFactory.getLogger(OrderSagaApplication.class).error("The app did not start: {}", reason.toString(), refused);
            }
            return 1;
        }
    }

    /**
     * java.net.http.HttpClient (camel-lra's client of the coordinator) completes every sendAsync on
     * CompletableFuture's default pool. With fewer than 3 processors the JDK sizes the common pool to
     * 1, and then that pool is a new thread per task: six threads per saga. Two workers avoid that.
     * Call before anything uses the common pool; a value given on the command line wins.
     */
    public static void configureJvm() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }

    /** The application's Camel Main; the local run and the tests attach the stand-ins to it. */
    public static Main create() {
        Main main = new Main(OrderSagaApplication.class, ObservabilityConfiguration.class, AwsConfiguration.class,
                StoreConfiguration.class, IntakeConfiguration.class, FaultConfiguration.class, CallbackConfiguration.class,
                RedriveConfiguration.class);
        main.configure().withBasePackageScan("routes");
        main.addMainListener(SagaCallbackEntry.installer());
        main.addMainListener(new ApiSecurity());
        main.addMainListener(new ConsoleStarter());
        return main;
    }
}
