package routes;

import app.SagaCallbackEntry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.saga.CamelSagaCoordinator;
import org.apache.camel.saga.CamelSagaStep;
import org.apache.camel.saga.InMemorySagaCoordinator;
import org.apache.camel.saga.InMemorySagaService;

/**
 * Camel's in-memory saga service, made to look like the LRA coordinator to the app's routes (tests
 * only). A saga's id is a URL under the coordinator's address, as an LRA id is: the callback gate
 * refuses any other. And once a saga's last compensation or completion has run, its end is reported
 * to the route the coordinator's AfterLRA call reaches (app.SagaEndWatch), with the saga route's own
 * options as headers and the saga's final status as the body. Its callbacks are in-process, so the
 * gate never asks a coordinator about them.
 */
final class InMemoryLraSagaService extends InMemorySagaService {

    private final String coordinatorUrl;
    private final Map<String, Saga> sagas = new ConcurrentHashMap<>();
    private ProducerTemplate producer;

    /** @param coordinatorUrl the LRA base URL the callback gate accepts, e.g. http://host:8081/lra-coordinator */
    InMemoryLraSagaService(String coordinatorUrl) {
        this.coordinatorUrl = coordinatorUrl;
        // a callback that fails is called again at once, then the saga is left failed
        setMaxRetryAttempts(2);
        setRetryDelayInMilliseconds(10);
    }

    @Override
    public CompletableFuture<CamelSagaCoordinator> newSaga(Exchange exchange) {
        Saga saga = new Saga(coordinatorUrl + "/" + getCamelContext().getUuidGenerator().generateUuid());
        sagas.put(saga.getId(), saga);
        return CompletableFuture.completedFuture(saga);
    }

    @Override
    public CompletableFuture<CamelSagaCoordinator> getSaga(String id) {
        return CompletableFuture.completedFuture(sagas.get(id));
    }

    /** As a coordinator that repeats its callbacks: every compensation of the saga runs again, then its end is reported again. */
    CompletableFuture<Boolean> compensateAgain(String sagaId) {
        return sagas.get(sagaId).doCompensate(null);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        producer = getCamelContext().createProducerTemplate();
    }

    /** Drops the time limits still pending (Camel's in-memory sagas never cancel them): a stop would wait for each. */
    @Override
    protected void doStop() throws Exception {
        producer.stop();
        getCamelContext().getExecutorServiceManager().shutdownNow(getExecutorService());
        super.doStop();
    }

    private final class Saga extends InMemorySagaCoordinator {

        /** The saga route's own options (the order id, its callback token), which its end report carries. */
        private final Map<String, Object> endReport = new ConcurrentHashMap<>();

        Saga(String id) {
            super(getCamelContext(), InMemoryLraSagaService.this, id);
        }

        @Override
        public CompletableFuture<Void> beginStep(Exchange exchange, CamelSagaStep step) {
            if (step.getCompensation().isEmpty() && step.getCompletion().isEmpty()) { // the saga route's own join
                step.getOptions().forEach((option, value) -> endReport.put(option, value.evaluate(exchange, Object.class)));
            }
            return super.beginStep(exchange, step);
        }

        // a time limit that passes compensates through doCompensate as well
        @Override
        public CompletableFuture<Boolean> doCompensate(Exchange exchange) {
            return super.doCompensate(exchange).whenComplete((done, failed) -> reportEnd(ended(done, failed, "Cancelled", "FailedToCancel")));
        }

        @Override
        public CompletableFuture<Boolean> doComplete(Exchange exchange) {
            return super.doComplete(exchange).whenComplete((done, failed) -> reportEnd(ended(done, failed, "Closed", "FailedToClose")));
        }

        private static String ended(Boolean done, Throwable failed, String status, String failedStatus) {
            return failed == null && Boolean.TRUE.equals(done) ? status : failedStatus;
        }

        /** A call of its own, after the saga's callbacks, as the coordinator's AfterLRA call is. */
        private void reportEnd(String status) {
            getExecutorService().execute(() -> producer.send("direct:" + SagaCallbackEntry.ENDED_ROUTE, exchange -> {
                endReport.forEach(exchange.getMessage()::setHeader);
                exchange.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, getId());
                exchange.getMessage().setBody(status);
            }));
        }
    }
}
