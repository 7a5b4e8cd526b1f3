package store;

import domain.OrderStatus;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** An order as the orders table holds it. */
public record OrderRecord(String orderId, OrderStatus status, String customerId, String orderDate,
                          BigDecimal total, List<Map<String, Object>> items, String lraId,
                          String failedStep, String error, String createdAt, String updatedAt) {
}
