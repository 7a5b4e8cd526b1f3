package store;

import domain.BusinessFailure;
import domain.Order;
import domain.OrderItem;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/**
 * ReserveInventory against DynamoDB Local: an order one of whose items is short is refused and
 * changes nothing, wherever that item sits among the others; a repeat of a reservation changes nothing.
 */
class ReservationIT {

    private static final String SAGA = "http://127.0.0.1:1/lra-coordinator/0_reserve";

    private static LocalTables tables;
    private static InventoryRepository inventory;

    @BeforeAll
    static void start() throws Exception {
        tables = new LocalTables();
        inventory = new InventoryRepository(tables.db, tables.names.inventory(), tables.names.reservations(), tables.history,
                new SagaDecisions(tables.db, tables.history, Clock.systemUTC()), Clock.systemUTC());
        Map.of("474", 1000, "900", 1, "113", 1000, "7", 1000).forEach((itemId, stock) -> tables.db.putItem(r -> r
                .tableName(tables.names.inventory()).item(Map.of("item_id", fromS(itemId), "stock", fromN(stock.toString())))));
    }

    @AfterAll
    static void stop() throws Exception {
        tables.close();
    }

    @Test
    void anOrderWithOneShortItemIsRefusedWhereverThatItemIs() {
        for (List<String> items : List.of(List.of("900", "474"), List.of("474", "900"), List.of("113", "474", "900"),
                List.of("900", "113", "474"), List.of("113", "900", "474", "7"))) {
            String orderId = "6-short-" + String.join("-", items);
            Order order = new Order(orderId, "2026-12-03T10:00:00Z", "customer-1", items.stream()
                    .map(item -> new OrderItem(item, item.equals("900") ? 2 : 1, "item " + item, BigDecimal.ONE)).toList());

            assertThatThrownBy(() -> inventory.reserve(order, SAGA)).as("items %s", items)
                    .isInstanceOf(BusinessFailure.class).hasMessageContaining("not enough stock of item 900");
            assertThat(inventory.findReservation(orderId)).as("items %s", items).isEmpty();
            assertThat(tables.history.list(orderId, SAGA)).as("items %s", items).isEmpty();
        }
        assertThat(List.of("474", "900", "113", "7")).extracting(item -> inventory.stock(item).orElseThrow())
                .containsExactly(1000, 1, 1000, 1000);
    }

    @Test
    void aRepeatedReservationChangesNothing() {
        Order order = new Order("6-twice", "2026-12-03T10:00:00Z", "customer-1",
                List.of(new OrderItem("7", 3, "item 7", BigDecimal.ONE), new OrderItem("113", 2, "item 113", BigDecimal.ONE)));
        int before7 = inventory.stock("7").orElseThrow();

        inventory.reserve(order, SAGA);
        inventory.reserve(order, SAGA);

        assertThat(inventory.stock("7")).contains(before7 - 3);
        assertThat(inventory.findReservation("6-twice").orElseThrow().state()).isEqualTo("RESERVED");
    }
}
