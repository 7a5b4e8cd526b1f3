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
            exitCode = OrderSagaApplication.run(main, args);
        } finally {
            localStack.close();
        }
        // DynamoDB Local and the coordinator's journal leave non-daemon threads running after they stop,
        // also when the app refused to start: end the JVM here.
        System.exit(localStack.failed() ? 1 : exitCode);
    }
}
