package redrive;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pace of bulk redrives on a replica: never faster than the setting, whatever the number of jobs. */
class RedrivePaceTest {

    @Test
    void elevenTurnsAtFiftyASecondTakeAtLeastTwoHundredMillisecondsAcrossTwoJobs() throws Exception {
        RedrivePace pace = new RedrivePace(50);
        ExecutorService jobs = Executors.newFixedThreadPool(2);
        long start = System.nanoTime();
        try {
            Future<?> one = jobs.submit(() -> turns(pace, 6));
            Future<?> other = jobs.submit(() -> turns(pace, 5));
            one.get();
            other.get();
        } finally {
            jobs.shutdownNow();
        }
        // the first turn is at once, each of the 10 after it 20 ms later: a lower bound, so it cannot be flaky
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aPaceOfNothingIsRefused() {
        assertThatThrownBy(() -> new RedrivePace(0)).hasMessageContaining("redrive.orders-per-second must be above 0");
    }

    private static Void turns(RedrivePace pace, int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            pace.awaitTurn();
        }
        return null;
    }
}
