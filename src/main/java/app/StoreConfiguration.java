package app;

import java.time.Clock;
import java.time.Duration;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import store.EventOutbox;
import store.HistoryRepository;
import store.InventoryRepository;
import store.OrderRepository;
import store.OrderStatusQuery;
import store.PaymentRepository;
import store.SagaDecisions;
import store.SagaJournal;
import store.TableSetup;
import store.CustomerErasure;
import store.Retention;
import store.Tables;

/**
 * The DynamoDB tables and what reads and writes them: one repository per table, the outbox of
 * outcome events, the saga journal and the status query. Creates missing tables at start.
 */
@Configuration
public class StoreConfiguration implements CamelConfiguration {

    @PropertyInject("tables.create")
    private boolean createTables;
    @PropertyInject("tables.catalog")
    private String catalog;

    private final Clock clock = Clock.systemUTC();

    @BindToRegistry(lazy = true)
    public Tables tables(@PropertyInject("tables.orders") String orders, @PropertyInject("tables.payments") String payments,
            @PropertyInject("tables.inventory") String inventory, @PropertyInject("tables.reservations") String reservations,
            @PropertyInject("tables.history") String history, @PropertyInject("tables.outbox") String outbox,
            @PropertyInject("tables.redrives") String redrives) {
        return new Tables(orders, payments, inventory, reservations, history, outbox, redrives);
    }

    @BindToRegistry(lazy = true)
    public Retention retention(@PropertyInject("retention.days") int days) {
        return new Retention(Duration.ofDays(days), clock);
    }

    @BindToRegistry(lazy = true)
    public HistoryRepository historyRepository(DynamoDbClient db, Tables tables, Retention retention) {
        return new HistoryRepository(db, tables.history(), clock, retention);
    }

    @BindToRegistry(lazy = true)
    public SagaDecisions sagaDecisions(DynamoDbClient db, HistoryRepository history) {
        return new SagaDecisions(db, history, clock);
    }

    @BindToRegistry(lazy = true)
    public EventOutbox eventOutbox(DynamoDbClient db, Tables tables, HistoryRepository history) {
        return new EventOutbox(db, tables.outbox(), history, clock);
    }

    @BindToRegistry(lazy = true)
    public OrderRepository orderRepository(DynamoDbClient db, Tables tables, EventOutbox outbox, HistoryRepository history,
            SagaDecisions decisions, Retention retention, @PropertyInject("app.replica-id") String replica) {
        return new OrderRepository(db, tables.orders(), outbox, history, decisions, clock, retention, replica);
    }

    @BindToRegistry(lazy = true)
    public PaymentRepository paymentRepository(DynamoDbClient db, Tables tables, HistoryRepository history, SagaDecisions decisions) {
        return new PaymentRepository(db, tables.payments(), history, decisions, clock);
    }

    @BindToRegistry(lazy = true)
    public InventoryRepository inventoryRepository(DynamoDbClient db, Tables tables, HistoryRepository history, SagaDecisions decisions) {
        return new InventoryRepository(db, tables.inventory(), tables.reservations(), history, decisions, clock);
    }

    @BindToRegistry(lazy = true)
    public SagaJournal sagaJournal(HistoryRepository history, OrderRepository orders) {
        return new SagaJournal(history, orders);
    }

    @BindToRegistry(lazy = true)
    public OrderStatusQuery orderStatusQuery(OrderRepository orders, HistoryRepository history) {
        return new OrderStatusQuery(orders, history);
    }

    @BindToRegistry(lazy = true)
    public CustomerErasure customerErasure(DynamoDbClient db, Tables tables) {
        return new CustomerErasure(db, tables.orders(), clock);
    }

    /** tables.create: creates the missing tables, and stocks an empty inventory from tables.catalog. */
    @Override
    public void configure(CamelContext camelContext) {
        if (createTables) {
            TableSetup setup = new TableSetup(camelContext.getRegistry().findSingleByType(DynamoDbClient.class),
                    camelContext.getRegistry().findSingleByType(Tables.class));
            UntilReachable.run("create the tables", UntilReachable.START_WAIT, () -> {
                setup.createMissingTables();
                setup.stockInventoryIfEmpty(catalog);
            });
        }
    }
}
