package app;

import domain.MessageKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Counts each retry of a saga step (Camel redelivery): by step in the Prometheus metrics, and on the
 * exchange, with when it began, for the step's journal (the time the step waited in retries).
 */
public class RetryCounter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object step = exchange.getProperty(MessageKeys.STEP);
        exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class)
                .counter("order.saga.retries", "step", String.valueOf(step)).increment();
        exchange.setProperty(MessageKeys.RETRIES, exchange.getProperty(MessageKeys.RETRIES, 0, Integer.class) + 1);
        exchange.setProperty(MessageKeys.LAST_RETRY_AT, System.currentTimeMillis());
    }
}
