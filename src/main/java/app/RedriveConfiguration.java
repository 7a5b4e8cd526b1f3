package app;

import java.time.Clock;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Configuration;
import org.apache.camel.PropertyInject;
import redrive.BulkRedrive;
import redrive.RedriveJobRunner;
import redrive.RedriveJobs;
import redrive.RedrivePace;
import routes.OrderRedrive;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import store.OrderRepository;
import store.SagaJournal;
import store.Retention;
import store.Tables;

/** Redrive of parked orders: of one (OrderRedrive), and of many at a time by jobs any replica can resume. */
@Configuration
public class RedriveConfiguration implements CamelConfiguration {

    private final Clock clock = Clock.systemUTC();

    @BindToRegistry(lazy = true)
    public OrderRedrive orderRedrive(OrderRepository orders, SagaJournal journal) {
        return new OrderRedrive(orders, journal);
    }

    @BindToRegistry(lazy = true)
    public RedriveJobs redriveJobs(DynamoDbClient db, Tables tables, @PropertyInject("app.replica-id") String replica, Retention retention) {
        return new RedriveJobs(db, tables.redrives(), clock, replica, retention);
    }

    @BindToRegistry(lazy = true)
    public BulkRedrive bulkRedrive(OrderRepository orders, SagaJournal journal, RedriveJobs jobs) {
        return new BulkRedrive(orders, journal, jobs, clock);
    }

    @BindToRegistry(lazy = true)
    public RedriveJobRunner redriveJobRunner(RedriveJobs jobs, OrderRedrive redrive,
            @PropertyInject("redrive.orders-per-second") double ordersPerSecond) {
        return new RedriveJobRunner(jobs, redrive, new RedrivePace(ordersPerSecond));
    }
}
