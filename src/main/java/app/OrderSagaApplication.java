package app;

import local.LocalStack;
import org.apache.camel.main.Main;
import security.ApiSecurity;

/**
 * Starts the order saga: the Camel routes and, unless turned off by properties, the local
 * stand-ins for AWS and the LRA coordinator in this same JVM.
 */
public final class OrderSagaApplication {

    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private OrderSagaApplication() {
    }

    public static void main(String[] args) throws Exception {
        configureJvm();
        LocalStack localStack = new LocalStack();
        int exitCode;
        try {
            exitCode = create(localStack).run(args);
        } finally {
            localStack.close();
        }
        // DynamoDB Local leaves a non-daemon job thread running after it stops: end the JVM here.
        System.exit(localStack.failed() ? 1 : exitCode);
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

    /** The application's Camel Main with the local stack attached; tests start it with their own properties. */
    public static Main create(LocalStack localStack) {
        Main main = new Main(OrderSagaApplication.class, AppConfiguration.class, CallbackConfiguration.class);
        main.configure().withBasePackageScan("routes");
        main.addMainListener(SagaCallbackEntry.installer());
        main.addMainListener(new ApiSecurity());
        main.addMainListener(localStack);
        return main;
    }
}
