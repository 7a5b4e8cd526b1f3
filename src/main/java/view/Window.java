package view;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The time windows the console counts over: orders stored within the last so long. */
public enum Window {
    LAST_15_MINUTES("15m", Duration.ofMinutes(15)),
    LAST_HOUR("1h", Duration.ofHours(1)),
    LAST_DAY("24h", Duration.ofDays(1)),
    LAST_WEEK("7d", Duration.ofDays(7)),
    LAST_30_DAYS("30d", Duration.ofDays(30));

    static final Window DEFAULT = LAST_DAY;

    private final String label;
    private final Duration length;

    Window(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    static Window labelled(String label) {
        return Arrays.stream(values()).filter(window -> window.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("window must be one of " + labels() + ", not " + label));
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(Window::label).toList();
    }
}
