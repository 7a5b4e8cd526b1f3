package view;

import domain.OrderStatus;
import domain.Participant;
import domain.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One order's saga, drawn like a Step Functions execution: the forward steps, the step that failed,
 * the compensations that ran and how they ended (inline SVG), then each event with its time, how
 * long it took since the one before, and its error in full; the saga's total; and for a parked
 * order, a redrive button for operators.
 */
final class OrderPage {

    /** Each service a column; its action on top, its compensation below, its completion at the bottom. */
    private static final List<Participant> COLUMNS = Participant.services();
    private static final List<Step.Kind> ROWS = List.of(Step.Kind.ACTION, Step.Kind.COMPENSATION, Step.Kind.COMPLETION);
    private static final int[] ROW_Y = {20, 110, 190};
    private static final int BOX_WIDTH = 170;
    private static final int BOX_HEIGHT = 44;
    private static final int COLUMN = 220;

    private OrderPage() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> order, boolean operator) {
        List<Map<String, Object>> history = ((List<Map<String, Object>>) order.get("history")).stream()
                .sorted(Comparator.comparing(entry -> Html.text(entry.get("at")))).toList();
        String id = Html.text(order.get("order_id"));
        OrderStatus status = OrderStatus.valueOf(order.get("status").toString());
        StringBuilder body = new StringBuilder("<p><a href=\"/\">all orders</a></p>\n<h1>Order " + id + " " + Html.status(status) + "</h1>\n");
        body.append("<p>total ").append(Html.text(order.get("total"))).append(" · received ").append(Html.time((String) order.get("created_at")))
                .append(" · last change ").append(Html.time((String) order.get("updated_at")));
        took(order.get("created_at"), history.isEmpty() ? null : history.get(history.size() - 1).get("at"))
                .ifPresent(total -> body.append(" · <span id=\"saga-total\">saga took ").append(total).append("</span>"));
        long waited = history.stream().map(entry -> (Number) entry.get("retry_wait_ms")).filter(Objects::nonNull)
                .mapToLong(Number::longValue).sum();
        if (waited > 0) {
            body.append(" · <span id=\"retry-wait\">of which waiting in retries ").append(seconds(waited)).append("</span>");
        }
        if (order.containsKey("lra_id")) {
            body.append(" · saga ").append(Html.text(order.get("lra_id")));
        }
        body.append("</p>\n");
        if (order.get("error") != null) {
            body.append("<p>").append(Html.text(order.get("failed_step"))).append(" failed:</p><p class=\"error\" id=\"order-error\">")
                    .append(Html.text(order.get("error"))).append("</p>\n");
        }
        if (status == OrderStatus.COMPENSATION_FAILED && operator) {
            body.append("<form method=\"post\" action=\"/orders/").append(Html.segment(order.get("order_id").toString()))
                    .append("/redrive\"><p>Its compensation gave up. Once its fault is fixed, run its failed compensations again: ")
                    .append("<button type=\"submit\" id=\"redrive\">Redrive</button></p></form>\n");
        }
        body.append("<p class=\"legend\">top: actions · middle: compensations · bottom: completions</p>\n")
                .append(graph(history)).append("\n<h2>History</h2>\n").append(events(order.get("created_at"), history));
        return Html.page("Order " + id, body.toString(), status.isFinal() ? 0 : ListPage.REFRESH_SECONDS);
    }

    private static String graph(List<Map<String, Object>> history) {
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"250\" role=\"img\""
                + " aria-label=\"The saga's steps; the history table below says the same in text\">\n");
        for (int column = 0; column < COLUMNS.size(); column++) {
            int x = 20 + column * COLUMN;
            if (column > 0) {
                svg.append("<line class=\"flow\" x1=\"").append(x - COLUMN + BOX_WIDTH).append("\" y1=\"42\" x2=\"").append(x)
                        .append("\" y2=\"42\" stroke=\"#555\" marker-end=\"url(#arrow)\"/>\n");
            }
            for (int row = 0; row < ROWS.size(); row++) {
                box(svg, COLUMNS.get(column).step(ROWS.get(row)).displayName(), x, ROW_Y[row], history);
            }
        }
        return svg.append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n</svg>").toString();
    }

    /** One step's box, coloured by how it ended; a step that never ran is drawn faint. */
    private static void box(StringBuilder svg, String step, int x, int y, List<Map<String, Object>> history) {
        Optional<Map<String, Object>> last = history.stream().filter(entry -> step.equals(entry.get("step"))).reduce((a, b) -> b);
        String outcome = last.map(entry -> Html.text(entry.get("outcome"))).orElse("NOT_RUN");
        String detail = last.map(entry -> Html.text(entry.get("at")) + (entry.get("error") == null ? "" : " " + Html.text(entry.get("error"))))
                .orElse("did not run");
        svg.append("<g class=\"step ").append(outcome).append("\" data-step=\"").append(step).append("\" data-outcome=\"").append(outcome)
                .append("\"><title>").append(step).append(": ").append(outcome).append(" ").append(detail).append("</title>")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH)
                .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"8\"/>")
                .append("<text x=\"").append(x + BOX_WIDTH / 2).append("\" y=\"").append(y + 27)
                .append("\" text-anchor=\"middle\">").append(step).append("</text></g>\n");
    }

    /** The events in time order; each took from the event before it (the first from the order's arrival). */
    private static String events(Object createdAt, List<Map<String, Object>> history) {
        StringBuilder table = new StringBuilder("<table id=\"history\"><caption>Saga events, oldest first</caption>\n<thead><tr>"
                + "<th scope=\"col\">step</th><th scope=\"col\">outcome</th><th scope=\"col\">at</th>"
                + "<th scope=\"col\">took</th><th scope=\"col\">retries</th><th scope=\"col\">error</th></tr></thead>\n<tbody>\n");
        Object previous = createdAt;
        for (Map<String, Object> entry : history) {
            table.append("<tr data-step=\"").append(Html.text(entry.get("step"))).append("\"><td>").append(Html.text(entry.get("step")))
                    .append("</td><td class=\"").append(Html.text(entry.get("outcome"))).append("\">").append(Html.text(entry.get("outcome")))
                    .append("</td><td>").append(Html.time((String) entry.get("at"))).append("</td><td class=\"took\">")
                    .append(took(previous, entry.get("at")).orElse("")).append("</td><td class=\"retries\">")
                    .append(entry.get("retries") == null ? "" : entry.get("retries") + ", waited " + seconds((Number) entry.get("retry_wait_ms")))
                    .append("</td><td class=\"error\">")
                    .append(Html.text(entry.get("error"))).append("</td></tr>\n");
            previous = entry.get("at");
        }
        return table.append("</tbody></table>").toString();
    }

    /** The time from one stored instant to another, readable ("0.042 s", "3 min 12 s"); empty when either is missing. */
    static Optional<String> took(Object from, Object to) {
        if (from == null || to == null) {
            return Optional.empty();
        }
        Duration took;
        try {
            took = Duration.between(Instant.parse(from.toString()), Instant.parse(to.toString()));
        } catch (DateTimeParseException notStoredByThisApp) {
            return Optional.empty();
        }
        if (took.isNegative()) {
            return Optional.empty();
        }
        if (took.toMinutes() > 0) {
            return Optional.of(took.toHours() > 0 ? took.toHours() + " h " + took.toMinutesPart() + " min"
                    : took.toMinutes() + " min " + took.toSecondsPart() + " s");
        }
        return Optional.of(seconds(took.toMillis()));
    }

    private static String seconds(Number millis) {
        return String.format(Locale.ROOT, "%.3f s", millis.longValue() / 1000.0);
    }
}
