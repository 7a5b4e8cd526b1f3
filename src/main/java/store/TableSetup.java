package store;

import domain.RetryableFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redrive.RedriveJobs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/** Creates the tables that are missing and stocks an empty inventory from the shipped catalog. */
public class TableSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);
    /** DynamoDB's limit of items in one transaction. */
    private static final int TRANSACTION = 100;

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
        createRedriveJobs();
        expireByTtl(tables.orders());
        expireByTtl(tables.history());
        expireByTtl(tables.redrives());
    }

    /** Turns on DynamoDB's TTL on {@link Retention#ATTRIBUTE}: items without it never expire. */
    private void expireByTtl(String table) {
        TimeToLiveDescription ttl = db.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        TimeToLiveStatus status = ttl.timeToLiveStatus();
        if ((status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) && Retention.ATTRIBUTE.equals(ttl.attributeName())) {
            return;
        }
        try {
            db.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(on -> on.attributeName(Retention.ATTRIBUTE).enabled(true)));
            LOG.info("Turned on TTL ({}) of table {}", Retention.ATTRIBUTE, table);
        } catch (DynamoDbException notTurnedOn) {
            // another replica turned it on meanwhile (fine), or it is on another attribute, or being turned off
            LOG.warn("TTL of table {} is {} on {}, not turned on on {} here ({}): finished sagas expire only with TTL on {}",
                    table, status, ttl.attributeName(), Retention.ATTRIBUTE, notTurnedOn.getMessage(), Retention.ATTRIBUTE);
        }
    }

    /** Loads the catalog (CSV: item_id,description,stock) when the inventory table is empty. */
    public void stockInventoryIfEmpty(String catalogResource) {
        if (db.scan(r -> r.tableName(tables.inventory()).limit(1)).items().isEmpty()) {
            stockCatalog(catalogResource);
        }
    }

    /**
     * Puts every catalog item that is not in the inventory yet, with its starting stock, and never
     * touches one that is: replicas starting together may all find the table empty, and a late one
     * must not put back stock that orders have taken since. A transaction of up to 100 conditional
     * puts at a time; the items another replica put meanwhile are left out and the rest put again.
     */
    public void stockCatalog(String catalogResource) {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (String[] row : readCatalog(catalogResource)) {
            puts.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.inventory())
                    .item(Map.of("item_id", fromS(row[0]), "description", fromS(row[1]), "stock", fromN(row[2])))
                    .conditionExpression("attribute_not_exists(item_id)").build()).build());
        }
        int added = 0;
        for (int i = 0; i < puts.size(); i += TRANSACTION) {
            added += putMissing(new ArrayList<>(puts.subList(i, Math.min(i + TRANSACTION, puts.size()))));
        }
        LOG.info("Stocked table {} with {} of {} catalog items (the others were there)", tables.inventory(), added, puts.size());
    }

    private int putMissing(List<TransactWriteItem> puts) {
        while (!puts.isEmpty()) {
            List<Integer> there;
            try {
                there = Transactions.write(db, puts);
            } catch (RetryableFailure anotherReplicaWritesTheseNow) {
                continue;
            }
            if (there.isEmpty()) {
                return puts.size();
            }
            there.stream().sorted(Comparator.reverseOrder()).forEach(position -> puts.remove((int) position));
        }
        return 0;
    }

    /** The orders table, with an index to list orders by status, newest first. */
    private void createOrders() {
        createIfMissing(tables.orders(), table -> table
                .keySchema(key("order_id", KeyType.HASH))
                .attributeDefinitions(text("order_id"), text("status"), text("created_at"))
                .globalSecondaryIndexes(index -> index.indexName(OrderRepository.STATUS_INDEX)
                        .keySchema(key("status", KeyType.HASH), key("created_at", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes(OrderRepository.STATUS_INDEX_ATTRIBUTES))));
    }

    /** The bulk redrive jobs, with an index of the running ones by lease expiry (what a takeover looks for). */
    private void createRedriveJobs() {
        createIfMissing(tables.redrives(), table -> table
                .keySchema(key("job_id", KeyType.HASH), key("entry", KeyType.RANGE))
                .attributeDefinitions(text("job_id"), text("entry"), text("state"), text("lease_until"))
                .globalSecondaryIndexes(index -> index.indexName(RedriveJobs.LEASE_INDEX)
                        .keySchema(key("state", KeyType.HASH), key("lease_until", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
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
        createIfMissing(table, spec -> spec.keySchema(keys).attributeDefinitions(attributes));
    }

    /** Creates {@code table} as {@code spec} says unless it exists; returns once it is active. */
    private void createIfMissing(String table, Consumer<CreateTableRequest.Builder> spec) {
        try {
            db.createTable(request -> spec.accept(request.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)));
            LOG.info("Created table {}", table);
        } catch (ResourceInUseException exists) {
            // created before, or by another replica starting now: keep its data
        }
        db.waiter().waitUntilTableExists(r -> r.tableName(table)); // another replica's may still be creating
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
