package view;

import domain.OrderStatus;
import domain.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import store.OrderRecord;
import store.OrderRepository;
import store.OrdersFound;
import store.StatusCounts;

/** The saga console at /: finds the orders a filter asks for and hands them to its pages. */
public class SagaConsole {

    static final int PAGE = 25;
    /** The most parked orders one page reads in full to filter them by failed step. */
    static final int EXAMINED = 1000;

    private final OrderRepository orders;
    private final StatusCounts counts;
    private final Clock clock;

    public SagaConsole(OrderRepository orders, StatusCounts counts, Clock clock) {
        this.orders = orders;
        this.counts = counts;
        this.clock = clock;
    }

    public String orders(ConsoleFilter filter) {
        Instant now = clock.instant();
        Instant since = now.minus(filter.window().length());
        OrdersFound matching = matching(filter, since, now);
        List<OrderRecord> found = new ArrayList<>(matching.orders());
        Optional<ConsoleFilter> next = Optional.empty();
        if (found.size() > PAGE) {
            found = found.subList(0, PAGE);
            next = Optional.of(filter.nextPage(found.get(PAGE - 1).createdAt()));
        }
        return ListPage.render(filter, counts.within(filter.window().length()), found, next, matching.complete());
    }

    public String order(Map<String, Object> order, boolean operator) {
        return OrderPage.render(order, operator);
    }

    /** One page's orders and one more (to know whether a next page exists), newest first. */
    private OrdersFound matching(ConsoleFilter filter, Instant since, Instant now) {
        if (filter.orderId().isPresent()) {
            return new OrdersFound(orders.find(filter.orderId().get()).stream().toList(), true);
        }
        if (filter.failedStep().isPresent()) {
            Instant to = filter.before().map(Instant::parse).orElse(now);
            return orders.parked(filter.failedStep().map(Step::displayName), since, to, filter.before(), PAGE + 1, EXAMINED);
        }
        // the status index lists newest first; what is older than the window is left out, and a parked
        // order is read in full for its failed step, which the index does not hold (parked orders are few)
        return new OrdersFound(orders.newest(filter.status(), filter.before(), PAGE + 1).stream()
                .filter(order -> order.createdAt() != null && !Instant.parse(order.createdAt()).isBefore(since))
                .map(order -> order.status() == OrderStatus.COMPENSATION_FAILED ? orders.find(order.orderId()).orElse(order) : order)
                .toList(), true);
    }
}
