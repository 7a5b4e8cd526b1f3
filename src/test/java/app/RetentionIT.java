package app;

import com.fasterxml.jackson.databind.JsonNode;
import domain.BusinessFailure;
import domain.FaultInjector;
import domain.Order;
import domain.OrderReader;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Retention and erasure against DynamoDB Local: a finished order and its saga's journal carry the
 * time DynamoDB's TTL deletes them, a parked one only once a redrive resolved it; an operator's
 * erasure removes one customer's personal data from their finished orders and leaves every ledger
 * summing to what its order's status says.
 */
class RetentionIT extends WithRunningApp {

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final String CUSTOMER = "8d04ea6f-c6b2-4422-8550-839a16f01feb"; // OrderJson's
    private static final String OTHER_CUSTOMER = "0b5e7d2a-0000-4000-8000-000000000001";

    @Override
    protected Map<String, String> overrides() {
        return Map.of("retention.days", "30", "saga.compensation.max-retries", "2", "saga.compensation.retry-delay-ms", "50");
    }

    @Test
    @DisplayName("TTL on: completed and cancelled orders and their journals expire after the retention, a parked one only after its redrive")
    void finishedSagasExpire() {
        assertThat(ttl("orders")).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl("order-history")).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl("redrive-jobs")).isEqualTo(TimeToLiveStatus.ENABLED);
        run("47000000-kept", "701", "COMPLETED");
        run("3e000000-kept", "701", "CANCELLED");
        run("22000000-kept", "701", "COMPENSATION_FAILED");

        for (String finished : List.of("47000000-kept", "3e000000-kept")) {
            assertThat(expiry(order(finished))).as(finished).hasValueSatisfying(RetentionIT::aboutRetentionFromNow);
            assertThat(expiry(journal(finished))).as(finished + "'s journal").hasValueSatisfying(RetentionIT::aboutRetentionFromNow);
        }
        assertThat(expiry(order("22000000-kept"))).as("parked").isEmpty();
        assertThat(expiry(journal("22000000-kept"))).as("parked journal").isEmpty();

        app.bean(FaultInjector.class).setEnabled(false);
        try {
            assertThat(app.post("/api/orders/22000000-kept/redrive", "").statusCode()).isEqualTo(200);
        } finally {
            app.bean(FaultInjector.class).setEnabled(true);
        }
        assertThat(status("22000000-kept")).isEqualTo("CANCELLED");
        assertThat(expiry(order("22000000-kept"))).as("redriven").hasValueSatisfying(RetentionIT::aboutRetentionFromNow);
        assertThat(expiry(journal("22000000-kept"))).as("redriven journal").hasValueSatisfying(RetentionIT::aboutRetentionFromNow);
    }

    @Test
    @DisplayName("erasure: the customer's finished orders lose customer, date and items, keep status and total; a parked one is kept; ledgers still add up")
    void erasureOfOneCustomer() {
        run("47000000-erase", "702", "COMPLETED");
        run("3e000000-erase", "702", "CANCELLED");
        run("22000000-erase", "702", "COMPENSATION_FAILED");
        app.dropInInbox("47000000-other.json", OrderJson.order("47000000-other", "702", 1).replace(CUSTOMER, OTHER_CUSTOMER));
        awaitStatus("47000000-other", "COMPLETED");

        HttpResponse<String> erased = app.post("/api/erasures", "{\"customer_id\": \"" + CUSTOMER + "\"}");

        assertThat(erased.statusCode()).isEqualTo(200);
        JsonNode answer = OrderJson.parse(erased);
        assertThat(texts(answer.get("erased"))).contains("47000000-erase", "3e000000-erase").doesNotContain("47000000-other", "22000000-erase");
        assertThat(answer.get("kept").findValuesAsText("order_id")).contains("22000000-erase");
        for (String orderId : List.of("47000000-erase", "3e000000-erase")) {
            Map<String, AttributeValue> order = order(orderId);
            assertThat(order).as(orderId).doesNotContainKeys("customer_id", "items", "order_date", "fingerprint").containsKeys("erased_at", "total");
            assertThat(OrderJson.parse(app.get("/api/orders/" + orderId)).get("customer_id").isNull()).isTrue();
        }
        assertThat(status("47000000-erase")).isEqualTo("COMPLETED");
        assertThat(status("3e000000-erase")).isEqualTo("CANCELLED");
        assertThat(ledgerSum("47000000-erase")).isEqualByComparingTo(new BigDecimal(order("47000000-erase").get("total").n()));
        assertThat(ledgerSum("3e000000-erase")).isZero();
        assertThat(order("22000000-erase").get("customer_id").s()).isEqualTo(CUSTOMER);
        assertThat(order("47000000-other").get("customer_id").s()).isEqualTo(OTHER_CUSTOMER);

        // again: nothing left to erase of the finished ones
        assertThat(texts(OrderJson.parse(app.post("/api/erasures", "{\"customer_id\": \"" + CUSTOMER + "\"}")).get("erased"))).isEmpty();
        assertThat(app.post("/api/erasures", "{\"customer\": 1}").statusCode()).isEqualTo(400);
        assertThat(app.post("/api/erasures", "not json").statusCode()).isEqualTo(400);
        assertThat(app.post("/api/erasures", "{\"customer_id\": \"" + "c".repeat(201) + "\"}").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("an order deleted by retention leaves its id taken: the id again is refused at the door (409) and by ProcessOrder; no money or stock moves")
    void anExpiredOrdersIdStaysTaken() {
        run("47000000-expired", "703", "COMPLETED");
        // what DynamoDB's TTL does once the retention has passed
        db().deleteItem(r -> r.tableName("orders").key(Map.of("order_id", AttributeValue.fromS("47000000-expired"))));

        HttpResponse<String> again = app.post("/api/orders", OrderJson.order("47000000-expired", "703", 1));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(OrderJson.parse(again).get("detail").asText()).contains("was used by an earlier order");
        Order sameId = new OrderReader(1_000_000).read(OrderJson.bytes("47000000-expired", "703", 1));
        assertThatThrownBy(() -> app.bean(OrderRepository.class).create(sameId, app.startLra()))
                .isInstanceOf(BusinessFailure.class).hasMessageContaining("was used by an earlier order");
        assertThat(order("47000000-expired")).isEmpty();
        assertThat(app.ledger("47000000-expired")).containsExactly("Debit 32.99");
        assertThat(app.stock("703")).isEqualTo(999);
    }

    private static void aboutRetentionFromNow(Instant expiry) {
        assertThat(expiry).isBetween(Instant.now().plus(RETENTION).minus(Duration.ofMinutes(5)), Instant.now().plus(RETENTION));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private TimeToLiveStatus ttl(String table) {
        return db().describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription().timeToLiveStatus();
    }

    private Map<String, AttributeValue> order(String orderId) {
        return db().getItem(r -> r.tableName("orders").key(Map.of("order_id", AttributeValue.fromS(orderId))).consistentRead(true)).item();
    }

    /** The saga's journal item in the history table (its entry starts with "saga#"). */
    private Map<String, AttributeValue> journal(String orderId) {
        return db().query(r -> r.tableName("order-history").keyConditionExpression("order_id = :o")
                        .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(orderId))).consistentRead(true))
                .items().stream().filter(item -> item.get("entry").s().startsWith("saga#")).findFirst().orElseThrow();
    }

    private static Optional<Instant> expiry(Map<String, AttributeValue> item) {
        return Optional.ofNullable(item.get("expires_at")).map(value -> Instant.ofEpochSecond(Long.parseLong(value.n())));
    }

    private DynamoDbClient db() {
        return app.bean(DynamoDbClient.class);
    }

    private void run(String orderId, String itemId, String finalStatus) {
        app.dropInInbox(orderId + ".json", OrderJson.order(orderId, itemId, 1));
        awaitStatus(orderId, finalStatus);
    }

    private void awaitStatus(String orderId, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> status.equals(status(orderId)));
    }

    private String status(String orderId) {
        return OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText();
    }

    private BigDecimal ledgerSum(String orderId) {
        return app.bean(PaymentRepository.class).ledger(orderId).stream().map(PaymentEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
