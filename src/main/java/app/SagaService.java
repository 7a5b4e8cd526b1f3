package app;

import java.net.http.HttpClient;
import java.util.List;
import org.apache.camel.service.lra.LRAClient;
import org.apache.camel.service.lra.LRASagaService;

/**
 * camel-lra's saga service, configured by the camel.lra.* settings as usual, whose client watches
 * each saga's end ({@link SagaEndWatch}).
 */
public class SagaService extends LRASagaService {

    /**
     * The saga route's callbacks of versions before the end watch: the coordinator still calls them
     * for sagas those versions started, and camel-lra runs only routes it has registered.
     */
    static final List<String> EARLIER_SAGA_CALLBACKS = List.of("direct://order-saga-closed", "direct://order-saga-cancelled");

    @Override
    protected LRAClient createLRAClient() {
        return new SagaEndWatch(this, HttpClient.newHttpClient());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getRegisteredURIs().addAll(EARLIER_SAGA_CALLBACKS);
    }
}
