package store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts rejected input per channel (folder, queue, api) and logs each rejection once, with its reason. */
public class Rejections {

    private static final Logger LOG = LoggerFactory.getLogger(Rejections.class);

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void rejected(String channel, String input, String reason) {
        counts.computeIfAbsent(channel, key -> new LongAdder()).increment();
        LOG.warn("Rejected {} from the {}: {}", input, channel, reason);
    }

    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((channel, count) -> snapshot.put(channel, count.sum()));
        return snapshot;
    }
}
