package store;

import java.util.List;

/** Orders a search found; {@code complete} unless it stopped at its bound before looking at every candidate. */
public record OrdersFound(List<OrderRecord> orders, boolean complete) {
}
