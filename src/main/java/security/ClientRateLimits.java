package security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code perSecond} requests a second on average, bursts of up to
 * {@code burst}. The 10,000 clients seen last are remembered; a client forgotten starts full again.
 */
public class ClientRateLimits {

    private static final int REMEMBERED = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ClientRateLimits(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("api.requests-per-second must be above 0 and api.burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token from the client's bucket; false when it is empty (answer 429). */
    public synchronized boolean tryAcquire(String client) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAt) / 1e9 * perSecond);
        bucket.refilledAt = now;
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt;

        private Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
