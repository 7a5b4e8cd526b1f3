package chaos;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the tables say after a chaos run: every order's status, its money and the stock, checked
 * against the guarantees (README, "Guarantees"), and then which outcome events were published.
 * Reads the tables and the events queue directly, not through the app.
 */
final class Audit {

    /** Scenarios whose compensation fails on purpose: parked orders are their expected outcome. */
    private static final Set<String> PARKING_PREFIXES = Set.of("11", "22", "33");

    final int orders;
    final int terminal;
    final int lost;
    final int stranded;
    final int doubleDebits;
    final int negativeStock;
    final List<String> problems = new ArrayList<>();
    final Map<String, Integer> byStatus = new TreeMap<>();
    /** Orders that ended without their outcome event on the events queue: known after {@link #checkPublished}. */
    int unpublished;
    private final Map<String, String> statuses = new HashMap<>();

    Audit(DynamoDbClient db, List<String> orderIds, Map<String, Integer> initialStock) {
        Map<String, Map<String, AttributeValue>> orderRows = byKey(scan(db, "orders"), "order_id");
        Map<String, List<Map<String, AttributeValue>>> payments = scan(db, "payments").stream()
                .collect(Collectors.groupingBy(row -> row.get("order_id").s()));
        Map<String, Map<String, AttributeValue>> reservations = byKey(scan(db, "inventory-reservations"), "order_id");
        Map<String, Integer> stock = scan(db, "inventory").stream()
                .collect(Collectors.toMap(row -> row.get("item_id").s(), row -> Integer.parseInt(row.get("stock").n())));

        orders = orderIds.size();
        int terminalCount = 0;
        int lostCount = 0;
        int strandedCount = 0;
        int doubleDebitCount = 0;
        Map<String, Integer> held = new HashMap<>();
        for (String orderId : orderIds) {
            Map<String, AttributeValue> row = orderRows.get(orderId);
            if (row == null) {
                lostCount++;
                problems.add(orderId + ": not in the orders table");
                continue;
            }
            String status = row.get("status").s();
            byStatus.merge(status, 1, Integer::sum);
            statuses.put(orderId, status);
            List<Map<String, AttributeValue>> ledger = payments.getOrDefault(orderId, List.of());
            if (ledger.stream().filter(entry -> entry.get("payment_type").s().equals("Debit")).count() > 1) {
                doubleDebitCount++;
            }
            BigDecimal net = ledger.stream().map(entry -> new BigDecimal(entry.get("amount").n())).reduce(BigDecimal.ZERO, BigDecimal::add);
            Map<String, AttributeValue> reservation = reservations.get(orderId);
            String reserved = reservation == null ? "NONE" : reservation.get("state").s();
            if ("RESERVED".equals(reserved) || "CONFIRMED".equals(reserved)) {
                reservation.get("items").m().forEach((itemId, qty) -> held.merge(itemId, Integer.parseInt(qty.n()), Integer::sum));
            }
            switch (status) {
                case "IN_PROGRESS", "COMPENSATING" -> {
                    strandedCount++;
                    problems.add(orderId + ": still " + status);
                }
                case "COMPLETED" -> {
                    terminalCount++;
                    expect(net.compareTo(new BigDecimal(row.get("total").n())) == 0, orderId + ": COMPLETED but paid " + net + " of " + row.get("total").n());
                    expect("CONFIRMED".equals(reserved), orderId + ": COMPLETED but its reservation is " + reserved);
                }
                case "CANCELLED" -> {
                    terminalCount++;
                    expect(net.signum() == 0, orderId + ": CANCELLED but its payments net to " + net);
                    expect(!"RESERVED".equals(reserved) && !"CONFIRMED".equals(reserved), orderId + ": CANCELLED but stock is still " + reserved);
                }
                case "COMPENSATION_FAILED" -> {
                    terminalCount++;
                    expect(PARKING_PREFIXES.stream().anyMatch(orderId::startsWith), orderId + ": parked, but no compensation of it fails on purpose");
                }
                default -> problems.add(orderId + ": unknown status " + status);
            }
        }
        int negative = 0;
        for (Map.Entry<String, Integer> item : initialStock.entrySet()) {
            int now = stock.getOrDefault(item.getKey(), 0);
            if (now < 0) {
                negative++;
            }
            int sold = held.getOrDefault(item.getKey(), 0);
            expect(item.getValue() == now + sold, "item " + item.getKey() + ": started with " + item.getValue() + ", has " + now
                    + ", and orders hold " + sold);
        }
        terminal = terminalCount;
        lost = lostCount;
        stranded = strandedCount;
        doubleDebits = doubleDebitCount;
        negativeStock = negative;
    }

    /** Every order that ended has its outcome event on the events queue, with its final status (copies allowed). */
    void checkPublished(Map<String, Set<String>> published) {
        statuses.forEach((orderId, status) -> {
            if (!"IN_PROGRESS".equals(status) && !"COMPENSATING".equals(status) && !published.getOrDefault(orderId, Set.of()).contains(status)) {
                unpublished++;
                problems.add(orderId + ": " + status + ", but no " + status + " event was published");
            }
        });
    }

    boolean passed() {
        return problems.isEmpty() && lost == 0 && stranded == 0 && doubleDebits == 0 && negativeStock == 0 && unpublished == 0
                && terminal == orders;
    }

    private void expect(boolean holds, String problem) {
        if (!holds) {
            problems.add(problem);
        }
    }

    private static List<Map<String, AttributeValue>> scan(DynamoDbClient db, String table) {
        return db.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    private static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> rows, String key) {
        return rows.stream().collect(Collectors.toMap(row -> row.get(key).s(), row -> row));
    }
}
