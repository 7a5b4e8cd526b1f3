package app;

import domain.CallbackRefused;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Saga callbacks refused, each logged once and counted by reason (order_saga_callbacks_refused_total{reason}). */
public class CallbackRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackRefusals.class);

    private final MeterRegistry metrics;

    public CallbackRefusals(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void refused(CallbackRefused refusal, String orderId, String lraId) {
        metrics.counter("order.saga.callbacks.refused", "reason", refusal.reason()).increment();
        LOG.warn("Saga callback for order {} and saga {} refused (403): {}", orderId, lraId, refusal.getMessage());
    }
}
