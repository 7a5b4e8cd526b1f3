package store;

import domain.SagaDecision;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The saga decisions this replica has read back from the orders table, the 10,000 most recently
 * used. A recorded decision never changes, so a saga's later callbacks on this replica need not
 * ask DynamoDB again; any other replica asks once and remembers it too.
 */
final class KnownDecisions {

    private static final int REMEMBERED = 10_000;

    private final Map<String, SagaDecision> decisions = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SagaDecision> eldest) {
            return size() > REMEMBERED;
        }
    });

    Optional<SagaDecision> of(String orderId, String lraId) {
        return Optional.ofNullable(decisions.get(key(orderId, lraId)));
    }

    void recorded(String orderId, String lraId, SagaDecision decision) {
        decisions.put(key(orderId, lraId), decision);
    }

    private static String key(String orderId, String lraId) {
        return orderId + ' ' + lraId;
    }
}
