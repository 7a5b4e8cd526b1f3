package app;

import domain.CallbackRefused;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Saga callbacks refused, counted by reason (order_saga_callbacks_refused_total{reason}) and logged once each, at most ten a second. */
public class CallbackRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackRefusals.class);

    private static final int LOGGED_A_SECOND = 10;

    private final MeterRegistry metrics;
    private final Clock clock;
    private long loggingSecond;
    private int loggedThisSecond;
    private long notLogged;

    public CallbackRefusals(MeterRegistry metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    public void refused(CallbackRefused refusal, String orderId, String lraId) {
        metrics.counter("order.saga.callbacks.refused", "reason", refusal.reason()).increment();
        long second = clock.millis() / 1000;
        synchronized (this) {
            if (second != loggingSecond) {
                if (notLogged > 0) {
                    LOG.warn("{} more saga callbacks were refused and not logged (order_saga_callbacks_refused_total counts them)", notLogged);
                }
                loggingSecond = second;
                loggedThisSecond = 0;
                notLogged = 0;
            }
            if (loggedThisSecond++ >= LOGGED_A_SECOND) { // a flood of forgeries must not flood the log
                notLogged++;
                return;
            }
        }
        LOG.warn("Saga callback for order {} and saga {} refused (403): {}", shorten(orderId), shorten(lraId), refusal.getMessage());
    }

    /** The caller chose these: kept short in the log. */
    private static String shorten(String text) {
        return text == null || text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }
}
