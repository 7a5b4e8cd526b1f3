package redrive;

import java.util.concurrent.TimeUnit;

/**
 * Spaces the orders this replica redrives (redrive.orders-per-second), however many jobs it runs: a
 * bulk redrive must not crowd out the sagas that run meanwhile.
 */
public class RedrivePace {

    private final long intervalNanos;
    private long nextTurn = System.nanoTime();

    public RedrivePace(double ordersPerSecond) {
        if (!(ordersPerSecond > 0)) {
            throw new IllegalArgumentException("redrive.orders-per-second must be above 0, not " + ordersPerSecond);
        }
        intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / ordersPerSecond);
    }

    /** Returns when the next order may start. */
    public void awaitTurn() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long turn = Math.max(now, nextTurn);
            nextTurn = turn + intervalNanos;
            wait = turn - now;
        }
        TimeUnit.NANOSECONDS.sleep(wait);
    }
}
