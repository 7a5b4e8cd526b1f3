package app;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/** Counts, per order id, the exchanges sent to the saga route: the sagas the app starts. */
final class SagaStarts extends EventNotifierSupport {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSendingEvent sending = (CamelEvent.ExchangeSendingEvent) event;
        if (sending.getEndpoint().getEndpointUri().startsWith("direct://order-saga")) {
            String orderId = sending.getExchange().getMessage().getHeader("orderId", String.class);
            counts.merge(String.valueOf(orderId), 1, Integer::sum);
        }
    }

    Map<String, Integer> byOrder() {
        return new TreeMap<>(counts);
    }
}
