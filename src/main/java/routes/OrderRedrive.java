package routes;

import domain.MessageKeys;
import domain.OrderStatus;
import domain.RequestRefused;
import domain.Step;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;
import store.OrderRecord;
import store.OrderRepository;
import store.Outcome;
import store.SagaJournal;

/**
 * Redrive (as in Step Functions): runs again the compensations of a COMPENSATION_FAILED order that
 * gave up, through the same routes the coordinator calls. If all of them succeed the order is CANCELLED.
 */
public class OrderRedrive {

    private final OrderRepository orders;
    private final SagaJournal journal;
    /** One producer for every redrive, made on the first. */
    private ProducerTemplate producer;

    public OrderRedrive(OrderRepository orders, SagaJournal journal) {
        this.orders = orders;
        this.journal = journal;
    }

    public void redrive(@Header(MessageKeys.ORDER_ID) String orderId, Exchange request) {
        OrderRecord order = orders.find(orderId).orElseThrow(() -> new RequestRefused(RequestRefused.Kind.NOT_FOUND, "no such order " + orderId));
        if (order.status() != OrderStatus.COMPENSATION_FAILED) {
            throw new RequestRefused(RequestRefused.Kind.CONFLICT, "order " + orderId + " is " + order.status()
                    + ": only a COMPENSATION_FAILED order can be redriven");
        }
        boolean allUndone = true;
        List<Step> parked = journal.parkedCompensations(orderId, order.lraId());
        for (Step step : parked) {
            Exchange done = producer(request.getContext()).send(step.uri(), compensation -> {
                compensation.getMessage().setHeader(MessageKeys.ORDER_ID, orderId);
                compensation.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, order.lraId());
                compensation.setProperty(MessageKeys.REDRIVE, true);
            });
            allUndone &= done.getProperty(ParticipantRoutes.COMPENSATION_OUTCOME) == Outcome.SUCCEEDED;
        }
        if (allUndone) {
            orders.redriven(orderId, order.lraId(), parked);
        }
    }

    private synchronized ProducerTemplate producer(CamelContext context) {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
