package store;

import domain.SagaDecision;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS;

/** The first callback of a saga decides how it ended, for that saga only; the replica remembers only what the table recorded. */
class SagaDecisionIT {

    private static final String SAGA = "http://127.0.0.1:1/lra-coordinator/0_saga";
    private static final String OTHER_SAGA = "http://127.0.0.1:1/lra-coordinator/0_other";

    private static LocalTables tables;
    private static OrderRepository orders;

    @BeforeAll
    static void start() throws Exception {
        tables = new LocalTables();
        orders = tables.orders;
    }

    @AfterAll
    static void stop() throws Exception {
        tables.close();
    }

    @Test
    void theFirstDecisionStandsForEveryLaterCallback() {
        orders.create(LocalTables.order("7-decide-first"), SAGA);

        assertThat(orders.decide("7-decide-first", SAGA, SagaDecision.CLOSED)).isEqualTo(SagaDecision.CLOSED);
        assertThat(orders.decide("7-decide-first", SAGA, SagaDecision.CANCELLED)).isEqualTo(SagaDecision.CLOSED);
        assertThat(tables.anotherReplica().decide("7-decide-first", SAGA, SagaDecision.CANCELLED)).isEqualTo(SagaDecision.CLOSED);
        assertThat(recordedDecision("7-decide-first", SAGA)).isEqualTo("CLOSED");
    }

    @Test
    void aDecisionTakenBeforeTheOrderExistedStands() {
        assertThat(orders.decide("7-decide-early", SAGA, SagaDecision.CANCELLED)).isEqualTo(SagaDecision.CANCELLED);
        orders.create(LocalTables.order("7-decide-early"), SAGA);

        assertThat(tables.anotherReplica().decide("7-decide-early", SAGA, SagaDecision.CLOSED)).isEqualTo(SagaDecision.CANCELLED);
        assertThat(recordedDecision("7-decide-early", SAGA)).isEqualTo("CANCELLED");
    }

    @Test
    void anotherSagaOfTheSameOrderIdIsNotAnsweredWithThisSagasDecision() {
        orders.create(LocalTables.order("7-decide-other"), SAGA);
        assertThat(orders.decide("7-decide-other", SAGA, SagaDecision.CLOSED)).isEqualTo(SagaDecision.CLOSED);

        assertThat(orders.decide("7-decide-other", OTHER_SAGA, SagaDecision.CANCELLED)).isEqualTo(SagaDecision.CANCELLED);
        assertThat(recordedDecision("7-decide-other", SAGA)).isEqualTo("CLOSED");
        assertThat(recordedDecision("7-decide-other", OTHER_SAGA)).isEqualTo("CANCELLED");
    }

    /** The decision as the history table holds it, in the saga's journal item. */
    private static String recordedDecision(String orderId, String lraId) {
        return tables.db.getItem(r -> r.tableName(tables.names.history())
                .key(Map.of("order_id", fromS(orderId), "entry", fromS("saga#" + lraId))).consistentRead(true)).item().get("decision").s();
    }
}
