package app;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness of one service the saga needs (coordinator, DynamoDB, SQS): DOWN when a cheap call to it fails. */
public class DependencyHealthCheck extends AbstractHealthCheck {

    private final Callable<?> probe;

    public DependencyHealthCheck(String name, Callable<?> probe) {
        super("order-saga", name);
        this.probe = probe;
    }

    @Override
    public boolean isLiveness() {
        return false; // an unreachable dependency makes the app unready, not dead
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            probe.call();
            builder.up();
        } catch (Exception e) {
            builder.message(e.getClass().getSimpleName() + ": " + e.getMessage()).down();
        }
    }
}
