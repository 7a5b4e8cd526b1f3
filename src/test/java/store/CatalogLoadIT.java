package store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.assertj.core.api.Assertions.assertThat;

/** Replicas that start together stock the inventory once: none puts back stock that orders took. */
class CatalogLoadIT {

    private static final String CATALOG = "catalog.csv";

    @Test
    @DisplayName("three replicas stock an empty inventory at once: every item once, with its catalog stock")
    void replicasStartingTogetherStockEachItemOnce() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            ExecutorService replicas = Executors.newFixedThreadPool(3);
            CyclicBarrier together = new CyclicBarrier(3);
            List<Future<?>> loads = IntStream.range(0, 3).<Future<?>>mapToObj(replica -> replicas.submit(() -> {
                together.await();
                new TableSetup(tables.db, tables.names).stockInventoryIfEmpty(CATALOG);
                return null;
            })).toList();
            for (Future<?> load : loads) {
                load.get();
            }
            replicas.shutdown();

            List<Map<String, AttributeValue>> items = tables.db.scanPaginator(r -> r.tableName(tables.names.inventory())).items().stream().toList();
            assertThat(items).hasSize(999).allSatisfy(item -> assertThat(item.get("stock").n()).isEqualTo("1000"));
        }
    }

    @Test
    @DisplayName("a replica that found the inventory empty but stocks it late leaves the stock orders took alone")
    void lateStockingChangesNoStock() throws Exception {
        try (LocalTables tables = new LocalTables()) {
            TableSetup setup = new TableSetup(tables.db, tables.names);
            setup.stockCatalog(CATALOG);
            tables.db.updateItem(r -> r.tableName(tables.names.inventory()).key(Map.of("item_id", AttributeValue.fromS("7")))
                    .updateExpression("SET stock = :left").expressionAttributeValues(Map.of(":left", AttributeValue.fromN("3"))));

            setup.stockCatalog(CATALOG);

            assertThat(new InventoryRepository(tables.db, tables.names.inventory(), tables.names.reservations(), null, null, null).stock("7")).contains(3);
        }
    }
}
