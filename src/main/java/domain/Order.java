package domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /** SHA-256 of the order's content, blind to JSON layout, number notation and unknown fields. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder().append(orderId).append('\n').append(orderDate).append('\n')
                .append(customerId).append('\n');
        items.forEach(item -> canonical.append(item.itemId()).append('\t').append(item.qty()).append('\t')
                .append(item.unitPrice().toPlainString()).append('\t').append(item.description()).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** Quantity per item id, lines of the same item added up (a stock write may touch an item once). */
    public Map<String, Integer> quantitiesByItem() {
        Map<String, Integer> quantities = new TreeMap<>();
        items.forEach(item -> quantities.merge(item.itemId(), item.qty(), Integer::sum));
        return quantities;
    }
}
