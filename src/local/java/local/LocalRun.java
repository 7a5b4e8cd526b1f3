package local;

import app.OrderSagaApplication;

/** The one-command local run: the app with DynamoDB Local, the SQS server and the coordinator in its JVM. */
public final class LocalRun {

    private LocalRun() {
    }

    public static void main(String[] args) throws Exception {
        OrderSagaApplication.configureJvm();
        LocalStack localStack = new LocalStack();
        int exitCode;
        try {
            var main = OrderSagaApplication.create();
            localStack.attachTo(main);
            exitCode = main.run(args);
        } finally {
            localStack.close();
        }
        // DynamoDB Local leaves a non-daemon job thread running after it stops: end the JVM here.
        System.exit(localStack.failed() ? 1 : exitCode);
    }
}
