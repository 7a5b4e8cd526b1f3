package routes;

import domain.OrderStatus;
import domain.RequestRefused;
import domain.Step;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import store.OrderRecord;
import store.OrderRepository;
import store.SagaJournal;

/**
 * Redrive (as in Step Functions): runs again the compensations of a COMPENSATION_FAILED order that
 * gave up, through the same routes the coordinator calls. If all of them succeed the order is CANCELLED.
 */
public class OrderRedrive {

    private static final Map<Step, String> COMPENSATION_ROUTES = Map.of(
            Step.UPDATE_ORDER_STATUS, "direct:order-cancel",
            Step.PROCESS_REFUND, "direct:payment-refund",
            Step.RELEASE_INVENTORY, "direct:inventory-release");

    private final OrderRepository orders;
    private final SagaJournal journal;

    public OrderRedrive(OrderRepository orders, SagaJournal journal) {
        this.orders = orders;
        this.journal = journal;
    }

    public void redrive(String orderId, Exchange request) {
        OrderRecord order = orders.find(orderId).orElseThrow(() -> new RequestRefused(404, "no such order " + orderId));
        if (order.status() != OrderStatus.COMPENSATION_FAILED) {
            throw new RequestRefused(409, "order " + orderId + " is " + order.status()
                    + ": only a COMPENSATION_FAILED order can be redriven");
        }
        ProducerTemplate producer = request.getContext().createProducerTemplate();
        try {
            boolean allUndone = true;
            List<Step> parked = journal.parkedCompensations(orderId, order.lraId());
            for (Step step : parked) {
                Exchange done = producer.send(COMPENSATION_ROUTES.get(step), compensation -> {
                    compensation.getMessage().setHeader(Headers.ORDER_ID, orderId);
                    compensation.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, order.lraId());
                    compensation.setProperty(Headers.REDRIVE, true);
                });
                allUndone &= "SUCCEEDED".equals(done.getProperty(Headers.COMPENSATION_OUTCOME));
            }
            if (allUndone) {
                orders.redriven(orderId, order.lraId(), parked);
            }
        } finally {
            producer.stop();
        }
    }
}
