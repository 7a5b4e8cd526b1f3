package domain;

import java.math.BigDecimal;

/** One line of an order: a whole quantity of an item at an exact unit price. */
public record OrderItem(String itemId, int qty, String description, BigDecimal unitPrice) {

    public BigDecimal lineTotal() {
        return unitPrice.multiply(BigDecimal.valueOf(qty));
    }
}
