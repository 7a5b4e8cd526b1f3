package chaos;

import domain.FaultInjector;
import domain.Step;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import store.HistoryEntry;
import store.HistoryRepository;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * What the tables say after a chaos run, checked so that each check can fail: every order's final
 * status against what its scenario allows (or a cause its history records), its money against its
 * status, the stock against what completed and parked orders hold, and histories that show a saga
 * both completed and compensated. Then which outcome events were published. Reads the tables and
 * the events queue directly, not through the app.
 */
final class Audit {

    private static final Set<String> FINAL = Set.of("COMPLETED", "CANCELLED", "COMPENSATION_FAILED");

    final int orders;
    int terminal;
    int lost;
    int stranded;
    int unexpected;
    int moneyMismatch;
    int stockMismatch;
    int contradictory;
    int swept;
    /** Orders that ended without their outcome event on the events queue: known after {@link #checkPublished}. */
    int unpublished;
    final List<String> problems = new ArrayList<>();
    final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, String> statuses = new HashMap<>();

    Audit(DynamoDbClient db, List<String> orderIds, Map<String, Integer> initialStock) {
        Map<String, Map<String, AttributeValue>> orderRows = byKey(scan(db, "orders"), "order_id");
        Map<String, List<Map<String, AttributeValue>>> payments = scan(db, "payments").stream()
                .collect(Collectors.groupingBy(row -> row.get("order_id").s()));
        Map<String, Map<String, AttributeValue>> reservations = byKey(scan(db, "inventory-reservations"), "order_id");
        Map<String, List<Map<String, AttributeValue>>> histories = scan(db, "order-history").stream()
                .flatMap(row -> HistoryRepository.entriesOf(row).stream().map(entry -> asRow(row.get("order_id").s(), entry)))
                .collect(Collectors.groupingBy(row -> row.get("order_id").s()));
        Map<String, Integer> stock = scan(db, "inventory").stream()
                .collect(Collectors.toMap(row -> row.get("item_id").s(), row -> Integer.parseInt(row.get("stock").n())));

        orders = orderIds.size();
        if (orders == 0) {
            problems.add("no orders: nothing was checked");
        }
        Map<String, Integer> held = new HashMap<>();
        for (String orderId : orderIds) {
            Map<String, AttributeValue> row = orderRows.get(orderId);
            if (row == null) {
                lost++;
                problems.add(orderId + ": not in the orders table");
                continue;
            }
            String status = row.get("status").s();
            byStatus.merge(status, 1, Integer::sum);
            statuses.put(orderId, status);
            if (!FINAL.contains(status)) {
                stranded++;
                problems.add(orderId + ": still " + status);
                continue;
            }
            terminal++;
            String saga = text(row, "lra_id");
            List<Map<String, AttributeValue>> history = histories.getOrDefault(orderId, List.of()).stream()
                    .filter(entry -> saga.equals(text(entry, "lra_id"))).toList();
            Map<String, AttributeValue> reservation = reservations.get(orderId);
            String reserved = reservation == null ? "NONE" : reservation.get("state").s();
            if ("RESERVED".equals(reserved) || "CONFIRMED".equals(reserved)) {
                reservation.get("items").m().forEach((itemId, qty) -> held.merge(itemId, Integer.parseInt(qty.n()), Integer::sum));
            }
            int problemsBefore = problems.size();
            checkStatus(orderId, status, history);
            checkMoney(orderId, status, row, payments.getOrDefault(orderId, List.of()));
            checkReservation(orderId, status, text(row, "failed_step"), reserved);
            checkConsistent(orderId, history);
            if (problems.size() > problemsBefore) {
                problems.add(orderId + ": what its history says (saga " + saga + "): " + story(histories.getOrDefault(orderId, List.of())));
            }
            if (has(history, "SagaSwept", "SUCCEEDED")) {
                swept++;
            }
        }
        for (Map.Entry<String, Integer> item : initialStock.entrySet()) {
            int now = stock.getOrDefault(item.getKey(), 0);
            int sold = held.getOrDefault(item.getKey(), 0);
            if (item.getValue() != now + sold) {
                stockMismatch++;
                problems.add("item " + item.getKey() + ": started with " + item.getValue() + ", has " + now + ", and orders hold " + sold);
            }
        }
    }

    /**
     * The status the order id's prefix picks (1, 2, 3: cancelled; 11, 22, 33: a compensation gives up;
     * else completed), unless the history records what else happened: an action failed (not enough
     * stock, DynamoDB unreachable), the saga's time limit passed, or the app finished a saga its
     * coordinator lost. A saga that ended early
     * that way never ran the step whose compensation gives up, so it ends CANCELLED.
     */
    private void checkStatus(String orderId, String status, List<Map<String, AttributeValue>> history) {
        Optional<Step> givesUp = Step.ofServices(Step.Kind.COMPENSATION).stream().filter(step -> FaultInjector.picks(step, orderId)).findFirst();
        boolean actionFails = Step.ofServices(Step.Kind.ACTION).stream().anyMatch(step -> FaultInjector.picks(step, orderId));
        String expected = givesUp.isPresent() ? "COMPENSATION_FAILED" : actionFails ? "CANCELLED" : "COMPLETED";
        boolean endedEarly = has(history, "SagaTimedOut", "SUCCEEDED") || has(history, "SagaSwept", "SUCCEEDED");
        boolean allowed = switch (expected) {
            // no scenario fails these orders' steps: a failed action is the cause recorded (not enough stock,
            // or DynamoDB still unreachable when the step's retries ran out)
            case "COMPLETED" -> "CANCELLED".equals(status) && (endedEarly || anActionFailed(history));
            // the saga was cancelled before the step whose compensation gives up joined: that compensation never ran
            case "COMPENSATION_FAILED" -> "CANCELLED".equals(status) && (endedEarly || anActionFailed(history))
                    && history.stream().noneMatch(entry -> givesUp.get().displayName().equals(text(entry, "step")));
            default -> false;
        };
        if (!status.equals(expected) && !allowed) {
            unexpected++;
            problems.add(orderId + ": " + status + ", but its scenario ends " + expected + " and its history records no other cause");
        }
    }

    /** COMPLETED: one settled debit of the total; CANCELLED: net zero; parked: net zero unless the refund is what gave up. */
    private void checkMoney(String orderId, String status, Map<String, AttributeValue> row, List<Map<String, AttributeValue>> ledger) {
        BigDecimal net = ledger.stream().map(entry -> new BigDecimal(entry.get("amount").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal debited = ledger.stream().filter(entry -> "Debit".equals(text(entry, "payment_type")))
                .map(entry -> new BigDecimal(entry.get("amount").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean holds = switch (status) {
            case "COMPLETED" -> ledger.size() == 1 && "SETTLED".equals(text(ledger.get(0), "state"))
                    && net.compareTo(new BigDecimal(row.get("total").n())) == 0;
            case "CANCELLED" -> net.signum() == 0;
            default -> "ProcessRefund".equals(text(row, "failed_step")) ? net.compareTo(debited) == 0 : net.signum() == 0;
        };
        if (!holds) {
            moneyMismatch++;
            problems.add(orderId + ": " + status + ", but its payments are " + ledger.stream()
                    .map(entry -> text(entry, "payment_type") + " " + entry.get("amount").n() + " " + text(entry, "state")).toList());
        }
    }

    /** A reservation is sold when completed, released when cancelled, and held only when its release is what gave up. */
    private void checkReservation(String orderId, String status, String failedStep, String reserved) {
        boolean holds = switch (status) {
            case "COMPLETED" -> "CONFIRMED".equals(reserved);
            case "CANCELLED" -> !"RESERVED".equals(reserved) && !"CONFIRMED".equals(reserved);
            default -> "ReleaseInventory".equals(failedStep) || !"RESERVED".equals(reserved);
        };
        if (!holds) {
            stockMismatch++;
            problems.add(orderId + ": " + status + ", but its reservation is " + reserved);
        }
    }

    /** A saga's history shows completions or compensations that applied, never both. */
    private void checkConsistent(String orderId, List<Map<String, AttributeValue>> history) {
        boolean completed = history.stream().anyMatch(entry -> kindOf(entry) == Step.Kind.COMPLETION && "SUCCEEDED".equals(text(entry, "outcome")));
        boolean compensated = history.stream().anyMatch(entry -> kindOf(entry) == Step.Kind.COMPENSATION && "SUCCEEDED".equals(text(entry, "outcome")));
        if (completed && compensated) {
            contradictory++;
            problems.add(orderId + ": its history shows both completions and compensations that applied");
        }
    }

    /** Every order that ended has exactly its outcome's event on the events queue (copies with the same id allowed). */
    void checkPublished(Map<String, Set<String>> published) {
        statuses.forEach((orderId, status) -> {
            Set<String> events = published.getOrDefault(orderId, Set.of());
            if (FINAL.contains(status) && !events.contains(status)) {
                unpublished++;
                problems.add(orderId + ": " + status + ", but no " + status + " event was published");
            }
            if (events.size() > 1) {
                contradictory++;
                problems.add(orderId + ": events of two outcomes were published: " + events);
            }
        });
    }

    boolean passed() {
        return problems.isEmpty() && orders > 0 && terminal == orders;
    }

    private static boolean has(List<Map<String, AttributeValue>> history, String step, String outcome) {
        return history.stream().anyMatch(entry -> step.equals(text(entry, "step")) && outcome.equals(text(entry, "outcome")));
    }

    /** An order's history entries in time order, each with its saga's last characters: for reading a failed run. */
    private static String story(List<Map<String, AttributeValue>> entries) {
        return entries.stream().sorted(Comparator.comparing(entry -> text(entry, "at")))
                .map(entry -> text(entry, "at").substring(Math.max(0, text(entry, "at").length() - 13)) + " " + text(entry, "step") + " "
                        + text(entry, "outcome") + " (" + text(entry, "lra_id").substring(Math.max(0, text(entry, "lra_id").length() - 6)) + ")"
                        + (text(entry, "error").isEmpty() ? "" : " " + text(entry, "error")))
                .collect(Collectors.joining("; "));
    }

    private static boolean anActionFailed(List<Map<String, AttributeValue>> history) {
        return history.stream().anyMatch(entry -> kindOf(entry) == Step.Kind.ACTION && "FAILED".equals(text(entry, "outcome")));
    }

    /** The kind of a service's step an entry records; null for the saga's own entries. */
    private static Step.Kind kindOf(Map<String, AttributeValue> entry) {
        Step step = Step.named(text(entry, "step"));
        return step.participant().isService() ? step.kind() : null;
    }

    /** A history entry as a row of its own, the way the checks read it. */
    private static Map<String, AttributeValue> asRow(String orderId, HistoryEntry entry) {
        Map<String, AttributeValue> row = new HashMap<>(Map.of("order_id", fromS(orderId), "step", fromS(entry.step().displayName()),
                "outcome", fromS(entry.outcome().name()), "at", fromS(entry.at()), "lra_id", fromS(entry.lraId())));
        if (entry.error() != null) {
            row.put("error", fromS(entry.error()));
        }
        return row;
    }

    private static String text(Map<String, AttributeValue> row, String name) {
        AttributeValue value = row.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient db, String table) {
        return db.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    private static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> rows, String key) {
        return rows.stream().collect(Collectors.toMap(row -> row.get(key).s(), row -> row));
    }
}
