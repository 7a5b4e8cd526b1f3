package redrive;

import domain.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parked order a bulk redrive takes, and the compensations it would run again (those that gave up). */
public record PlannedRedrive(String orderId, String failedStep, String createdAt, List<Step> compensations) {

    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("order_id", orderId);
        view.put("failed_step", failedStep);
        view.put("created_at", createdAt);
        view.put("compensations", compensations.stream().map(Step::displayName).toList());
        return view;
    }
}
