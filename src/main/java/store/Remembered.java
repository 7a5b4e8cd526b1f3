package store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this replica knows of a saga that never changes once known (its decision, its order's final
 * status), for the 10,000 sagas most recently used: a saga's later callbacks on this replica need
 * not ask DynamoDB again; any other replica asks once and remembers it too.
 */
final class Remembered<V> {

    private static final int REMEMBERED = 10_000;

    private final Map<String, V> values = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > REMEMBERED;
        }
    });

    Optional<V> of(String orderId, String lraId) {
        return Optional.ofNullable(values.get(key(orderId, lraId)));
    }

    void put(String orderId, String lraId, V value) {
        values.put(key(orderId, lraId), value);
    }

    private static String key(String orderId, String lraId) {
        return orderId + ' ' + lraId;
    }
}
