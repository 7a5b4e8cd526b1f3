package store;

import domain.InvalidOrderException;
import domain.OrderStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The status API's view of one order: the order, its saga's history and its payments. */
public class OrderStatusQuery {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final OrderRepository orders;
    private final HistoryRepository history;

    public OrderStatusQuery(OrderRepository orders, HistoryRepository history) {
        this.orders = orders;
        this.history = history;
    }

    /** The order's status document; the saga (LRA) id only for {@code withSagaId} (operators). */
    public Optional<Map<String, Object>> find(String orderId, boolean withSagaId) {
        return orders.find(orderId).map(order -> {
            HistoryRepository.SagaHistory saga = history.read(orderId, order.lraId());
            List<HistoryEntry> entries = saga.entries();
            Optional<HistoryEntry> firstFailure = entries.stream()
                    .filter(HistoryEntry::failed).findFirst();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("order_id", order.orderId());
            view.put("status", order.status().name());
            view.put("customer_id", order.customerId());
            view.put("order_date", order.orderDate());
            view.put("total", order.total());
            view.put("items", order.items());
            view.put("failed_step", order.failedStep() != null ? order.failedStep() : firstFailure.map(entry -> entry.step().displayName()).orElse(null));
            view.put("error", order.error() != null ? order.error() : firstFailure.map(HistoryEntry::error).orElse(null));
            if (withSagaId) {
                view.put("lra_id", order.lraId());
            }
            view.put("created_at", order.createdAt());
            view.put("updated_at", order.updatedAt());
            List<Retries> retried = saga.retries();
            view.put("history", entries.stream().map(entry -> toView(entry, retried.stream()
                    .filter(retries -> retries.step() == entry.step() && entry == runOf(retries, entries)).findFirst())).toList());
            return view;
        });
    }

    /**
     * The newest orders, optionally of one status, and with {@code before} (a created_at of the last
     * page) the page after: a line each (id, status, total, times).
     */
    public List<Map<String, Object>> newest(String status, String before, String limitText) {
        Optional<OrderStatus> filter = status == null || status.isBlank() ? Optional.empty() : Optional.of(parseStatus(status));
        int limit = parseLimit(limitText);
        return orders.newest(filter, parseBefore(before), limit).stream().map(order -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("order_id", order.orderId());
            line.put("status", order.status().name());
            line.put("total", order.total());
            line.put("created_at", order.createdAt());
            line.put("updated_at", order.updatedAt());
            return line;
        }).toList();
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new InvalidOrderException("limit must be a whole number from 1 to " + MAX_LIMIT + ", not " + limit);
    }

    private static Optional<String> parseBefore(String before) {
        if (before == null || before.isBlank()) {
            return Optional.empty();
        }
        try {
            Instant.parse(before);
            return Optional.of(before);
        } catch (DateTimeParseException notATime) {
            throw new InvalidOrderException("before must be the created_at of an order, such as 2026-01-31T12:00:00.123Z");
        }
    }

    private static OrderStatus parseStatus(String status) {
        try {
            return OrderStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrderException("status must be one of " + java.util.Arrays.toString(OrderStatus.values()) + ", not " + status);
        }
    }

    /**
     * The entry of the step's run that was retried: the last of the step recorded before the retries
     * were (they are recorded just after it), else the step's first. A redrive's run comes after the
     * run that parked the step.
     */
    private static HistoryEntry runOf(Retries retries, List<HistoryEntry> entries) {
        List<HistoryEntry> ofStep = entries.stream().filter(entry -> entry.step() == retries.step()).toList();
        return ofStep.stream().filter(entry -> entry.at().compareTo(retries.at()) <= 0).reduce((earlier, later) -> later)
                .orElse(ofStep.isEmpty() ? null : ofStep.get(0));
    }

    /** An entry of the history; with how often its step was retried and how long it waited, if it was. */
    private static Map<String, Object> toView(HistoryEntry entry, Optional<Retries> retried) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("step", entry.step().displayName());
        view.put("outcome", entry.outcome().name());
        view.put("at", entry.at());
        view.put("error", entry.error());
        retried.ifPresent(retries -> {
            view.put("retries", retries.count());
            view.put("retry_wait_ms", retries.waitedMs());
        });
        return view;
    }
}
