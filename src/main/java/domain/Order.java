package domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An e-commerce order as it arrives: the seed sample's shape, with exact money. */
public record Order(String orderId, String orderDate, String customerId, List<OrderItem> items) {

    public Order {
        items = List.copyOf(items);
    }

    public BigDecimal total() {
        return items.stream().map(OrderItem::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Quantity per item id, lines of the same item added up (a stock write may touch an item once). */
    public Map<String, Integer> quantitiesByItem() {
        Map<String, Integer> quantities = new TreeMap<>();
        items.forEach(item -> quantities.merge(item.itemId(), item.qty(), Integer::sum));
        return quantities;
    }
}
