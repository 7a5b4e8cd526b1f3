package store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/** Creates the tables that are missing and stocks an empty inventory from the shipped catalog. */
public class TableSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);
    private static final int BATCH = 25;

    private final DynamoDbClient db;
    private final Tables tables;

    public TableSetup(DynamoDbClient db, Tables tables) {
        this.db = db;
        this.tables = tables;
    }

    public void createMissingTables() {
        createOrders();
        create(tables.payments(), "transaction_id", null);
        create(tables.inventory(), "item_id", null);
        create(tables.reservations(), "reservation_id", null);
        create(tables.history(), "order_id", "entry");
        create(tables.outbox(), "event_id", null);
    }

    /** Loads the catalog (CSV: item_id,description,stock) when the inventory table is empty. */
    public void stockInventoryIfEmpty(String catalogResource) {
        if (!db.scan(r -> r.tableName(tables.inventory()).limit(1)).items().isEmpty()) {
            return;
        }
        List<WriteRequest> writes = new ArrayList<>();
        for (String[] row : readCatalog(catalogResource)) {
            writes.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(
                    "item_id", fromS(row[0]), "description", fromS(row[1]), "stock", fromN(row[2])))).build());
        }
        for (int i = 0; i < writes.size(); i += BATCH) {
            batchWrite(writes.subList(i, Math.min(i + BATCH, writes.size())));
        }
        LOG.info("Stocked table {} with {} catalog items", tables.inventory(), writes.size());
    }

    private void batchWrite(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(tables.inventory(), batch);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = db.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
        }
    }

    /** The orders table, with an index to list orders by status, newest first. */
    private void createOrders() {
        try {
            db.createTable(r -> r.tableName(tables.orders()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(key("order_id", KeyType.HASH))
                    .attributeDefinitions(text("order_id"), text("status"), text("created_at"))
                    .globalSecondaryIndexes(index -> index.indexName(OrderRepository.STATUS_INDEX)
                            .keySchema(key("status", KeyType.HASH), key("created_at", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
            db.waiter().waitUntilTableExists(r -> r.tableName(tables.orders()));
            LOG.info("Created table {}", tables.orders());
        } catch (ResourceInUseException exists) {
            // created before: keep its data
        }
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition text(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private void create(String table, String hashKey, String rangeKey) {
        List<KeySchemaElement> keys = new ArrayList<>(List.of(key(hashKey, KeyType.HASH)));
        List<AttributeDefinition> attributes = new ArrayList<>(List.of(text(hashKey)));
        if (rangeKey != null) {
            keys.add(key(rangeKey, KeyType.RANGE));
            attributes.add(text(rangeKey));
        }
        try {
            db.createTable(r -> r.tableName(table).keySchema(keys).attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            db.waiter().waitUntilTableExists(r -> r.tableName(table));
            LOG.info("Created table {}", table);
        } catch (ResourceInUseException exists) {
            // created before: keep its data
        }
    }

    private static List<String[]> readCatalog(String resource) {
        InputStream in = TableSetup.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("Catalog " + resource + " is not on the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(line -> !line.isBlank()).map(line -> line.split(",", 3))
                    .map(row -> new String[] {row[0], row[1], row[2].trim()}).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
