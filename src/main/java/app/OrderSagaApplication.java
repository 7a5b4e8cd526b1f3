package app;

import local.LocalStack;
import org.apache.camel.main.Main;

/**
 * Starts the order saga: the Camel routes and, unless turned off by properties, the local
 * stand-ins for AWS and the LRA coordinator in this same JVM.
 */
public final class OrderSagaApplication {

    private OrderSagaApplication() {
    }

    public static void main(String[] args) throws Exception {
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

    /** The application's Camel Main with the local stack attached; tests start it with their own properties. */
    public static Main create(LocalStack localStack) {
        Main main = new Main(OrderSagaApplication.class, AppConfiguration.class);
        main.configure().withBasePackageScan("routes");
        main.addMainListener(localStack);
        return main;
    }
}
