package app;

import java.util.Arrays;

/** The app's Prometheus text, read as numbers. */
final class Metrics {

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    static Metrics of(RunningApp app) {
        return new Metrics(app.get("/observe/metrics").body());
    }

    /** The sum of a series over its lines that carry every given label (e.g. {@code step="ProcessRefund"}). */
    double value(String name, String... labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
