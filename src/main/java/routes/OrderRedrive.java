package routes;

import domain.MessageKeys;
import domain.OrderStatus;
import domain.RequestRefused;
import domain.Step;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import store.OrderRecord;
import store.OrderRepository;
import store.Outcome;
import store.SagaJournal;

/**
 * Redrive (as in Step Functions): runs again the compensations of a COMPENSATION_FAILED order that
 * gave up, through the same routes the coordinator calls. If all of them succeed the order is CANCELLED.
 * The one path of every redrive: of one order (the API) and of many (a bulk redrive job).
 */
public class OrderRedrive {

    /** What a redrive did: the compensations it ran, and the order's status and error after them. */
    public record Redriven(List<Step> compensations, OrderStatus status, String error) {
    }

    private final OrderRepository orders;
    private final SagaJournal journal;
    /** One producer for every redrive, made on the first. */
    private ProducerTemplate producer;

    public OrderRedrive(OrderRepository orders, SagaJournal journal) {
        this.orders = orders;
        this.journal = journal;
    }

    /** Refused (RequestRefused) with NOT_FOUND for an unknown order, CONFLICT for one that is not parked. */
    public Redriven redrive(String orderId, CamelContext camel) {
        OrderRecord order = orders.find(orderId).orElseThrow(() -> new RequestRefused(RequestRefused.Kind.NOT_FOUND, "no such order " + orderId));
        if (order.status() != OrderStatus.COMPENSATION_FAILED) {
            throw new RequestRefused(RequestRefused.Kind.CONFLICT, "order " + orderId + " is " + order.status()
                    + ": only a COMPENSATION_FAILED order can be redriven");
        }
        boolean allUndone = true;
        List<Step> parked = journal.parkedCompensations(orderId, order.lraId());
        for (Step step : parked) {
            Exchange done = producer(camel).send(step.uri(), compensation -> {
                compensation.getMessage().setHeader(MessageKeys.ORDER_ID, orderId);
                compensation.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, order.lraId());
                compensation.setProperty(MessageKeys.REDRIVE, true);
            });
            allUndone &= done.getProperty(ParticipantRoutes.COMPENSATION_OUTCOME) == Outcome.SUCCEEDED;
        }
        if (allUndone && orders.redriven(orderId, order.lraId(), parked)) {
            return new Redriven(parked, OrderStatus.CANCELLED, null);
        }
        OrderRecord after = orders.find(orderId).orElse(order);
        return new Redriven(parked, after.status(), after.error());
    }

    private synchronized ProducerTemplate producer(CamelContext context) {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }
}
