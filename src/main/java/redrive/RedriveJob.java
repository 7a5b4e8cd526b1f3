package redrive;

import domain.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bulk redrive job as stored: its filter (the window's end fixed when it was made), the orders it
 * takes, who runs it, and what it did to each order so far.
 *
 * @param request the filter as it was asked for, as text: a repeat with the same Idempotency-Key must ask the same
 */
public record RedriveJob(String id, RedriveFilter filter, String request, State state, String owner, String createdAt,
                         String finishedAt, List<PlannedRedrive> orders, Map<String, OrderResult> results) {

    /** RUNNING until every order has its result. */
    public enum State {
        RUNNING, DONE
    }

    public boolean isDone(String orderId) {
        return results.containsKey(orderId);
    }

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job_id", id);
        view.put("state", state.name());
        view.put("filter", filter.view());
        view.put("owner", owner);
        view.put("created_at", createdAt);
        view.put("finished_at", finishedAt);
        List<Map<String, Object>> orderViews = new ArrayList<>();
        for (PlannedRedrive order : orders) {
            OrderResult result = results.getOrDefault(order.orderId(), OrderResult.PENDING);
            Map<String, Object> orderView = order.view();
            orderView.put("result", result.kind().name());
            if (result.kind() != OrderResult.Kind.PENDING) {
                orderView.put("compensations", result.compensations().stream().map(Step::displayName).toList());
                orderView.put("order_status", result.status() == null ? null : result.status().name());
                orderView.put("detail", result.detail());
            }
            orderViews.add(orderView);
        }
        view.put("orders", orderViews);
        return view;
    }
}
