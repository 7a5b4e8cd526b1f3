package view;

import domain.OrderStatus;
import domain.Step;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the console's list shows, as its address says: a status, a time window, a failed step (of a
 * parked order), an order id searched for, the page (orders stored before a time) and whether it
 * refreshes by itself. Links rebuild the address from it, so a refresh or a page keeps the filter.
 */
public record ConsoleFilter(Optional<OrderStatus> status, Window window, Optional<Step> failedStep, Optional<String> orderId,
                            Optional<String> before, boolean refresh) {

    /** Longest accepted search text or page cursor: an order id or a stored time is far shorter. */
    private static final int MAX_TEXT = 200;

    /** Reads the query parameters; a value that means nothing is refused with the reason. */
    public static ConsoleFilter parse(String status, String window, String failedStep, String orderId, String before, String refresh) {
        Optional<Step> step = present(failedStep).map(Step::failedStepNamed);
        Optional<OrderStatus> wanted = present(status).map(ConsoleFilter::status);
        if (step.isPresent() && wanted.isPresent() && wanted.get() != OrderStatus.COMPENSATION_FAILED) {
            throw new IllegalArgumentException("a failed step filters parked (COMPENSATION_FAILED) orders only");
        }
        return new ConsoleFilter(step.isPresent() ? Optional.of(OrderStatus.COMPENSATION_FAILED) : wanted,
                present(window).map(Window::labelled).orElse(Window.DEFAULT), step, present(orderId).map(String::trim),
                present(before).map(ConsoleFilter::storedTime), !"off".equals(refresh));
    }

    public ConsoleFilter withStatus(Optional<OrderStatus> other) {
        return new ConsoleFilter(other, window, other.equals(status) ? failedStep : Optional.empty(), Optional.empty(), Optional.empty(), refresh);
    }

    public ConsoleFilter nextPage(String lastCreatedAt) {
        return new ConsoleFilter(status, window, failedStep, orderId, Optional.of(lastCreatedAt), refresh);
    }

    public ConsoleFilter withRefresh(boolean on) {
        return new ConsoleFilter(status, window, failedStep, orderId, before, on);
    }

    /** This filter as a link to the console. */
    public String link() {
        List<String> params = new ArrayList<>();
        status.ifPresent(value -> params.add("status=" + value.name()));
        if (window != Window.DEFAULT) {
            params.add("window=" + window.label());
        }
        failedStep.ifPresent(step -> params.add("failed_step=" + step.displayName()));
        orderId.ifPresent(id -> params.add("q=" + Html.param(id)));
        before.ifPresent(time -> params.add("before=" + Html.param(time)));
        if (!refresh) {
            params.add("refresh=off");
        }
        return "/" + (params.isEmpty() ? "" : "?" + String.join("&", params));
    }

    private static Optional<String> present(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_TEXT) {
            throw new IllegalArgumentException("a filter value is at most " + MAX_TEXT + " characters");
        }
        return Optional.of(value);
    }

    /** A page cursor: a time as the orders table stores it. */
    private static String storedTime(String text) {
        try {
            Instant.parse(text);
            return text;
        } catch (DateTimeParseException notATime) {
            throw new IllegalArgumentException("before must be a time such as 2026-01-31T12:00:00Z, not " + text);
        }
    }

    private static OrderStatus status(String name) {
        try {
            return OrderStatus.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("status must be one of " + Arrays.toString(OrderStatus.values()) + ", not " + name);
        }
    }

}
