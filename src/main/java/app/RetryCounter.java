package app;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Counts each retry of a saga step (Camel redelivery), by step, in the Prometheus metrics. */
public class RetryCounter implements Processor {

    @Override
    public void process(Exchange exchange) {
        Object step = exchange.getProperty("sagaStep");
        exchange.getContext().getRegistry().findSingleByType(MeterRegistry.class)
                .counter("order.saga.retries", "step", String.valueOf(step)).increment();
    }
}
