package view;

import domain.Participant;
import domain.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The saga view, server-rendered: a list of recent orders, and one order's saga drawn like a Step
 * Functions execution: the forward steps, the step that failed, the compensations that ran and how
 * they ended. Plain HTML and inline SVG, so it works offline. Every value is escaped.
 */
public class SagaView {

    /** Each service a column; its action on top, its compensation below, its completion at the bottom. */
    private static final List<Participant> COLUMNS = Participant.services();
    private static final List<Step.Kind> ROWS = List.of(Step.Kind.ACTION, Step.Kind.COMPENSATION, Step.Kind.COMPLETION);
    private static final int[] ROW_Y = {20, 110, 190};
    private static final int BOX_WIDTH = 170;
    private static final int BOX_HEIGHT = 44;
    private static final int COLUMN = 220;

    public String orders(List<Map<String, Object>> orders) {
        StringBuilder rows = new StringBuilder();
        for (Map<String, Object> order : orders) {
            String id = text(order.get("order_id"));
            rows.append("<tr><td><a href=\"/orders/").append(id).append("\">").append(id).append("</a></td>")
                    .append("<td class=\"").append(text(order.get("status"))).append("\">").append(text(order.get("status"))).append("</td>")
                    .append("<td>").append(text(order.get("total"))).append("</td>")
                    .append("<td>").append(text(order.get("created_at"))).append("</td></tr>\n");
        }
        return page("Orders", "<h1>Recent orders</h1>\n<table><tr><th>order</th><th>status</th><th>total</th><th>received</th></tr>\n"
                + rows + "</table>");
    }

    @SuppressWarnings("unchecked")
    public String order(Map<String, Object> order) {
        List<Map<String, Object>> history = (List<Map<String, Object>>) order.get("history");
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"700\" height=\"250\" role=\"img\">\n");
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
        svg.append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\">"
                + "<path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>\n</svg>");

        StringBuilder table = new StringBuilder("<table><tr><th>step</th><th>outcome</th><th>at</th><th>error</th></tr>\n");
        for (Map<String, Object> entry : history) {
            table.append("<tr><td>").append(text(entry.get("step"))).append("</td><td class=\"").append(text(entry.get("outcome")))
                    .append("\">").append(text(entry.get("outcome"))).append("</td><td>").append(text(entry.get("at")))
                    .append("</td><td>").append(text(entry.get("error"))).append("</td></tr>\n");
        }
        table.append("</table>");
        String id = text(order.get("order_id"));
        return page("Order " + id, "<p><a href=\"/\">all orders</a></p>\n<h1>Order " + id + " <span class=\""
                + text(order.get("status")) + "\">" + text(order.get("status")) + "</span></h1>\n"
                + "<p>total " + text(order.get("total")) + (order.containsKey("lra_id") ? " · saga " + text(order.get("lra_id")) : "") + "</p>\n"
                + "<p class=\"legend\">top: actions · middle: compensations · bottom: completions</p>\n"
                + svg + "\n<h2>History</h2>\n" + table);
    }

    /** One step's box, coloured by how it ended; a step that never ran is drawn faint. */
    private static void box(StringBuilder svg, String step, int x, int y, List<Map<String, Object>> history) {
        Optional<Map<String, Object>> last = history.stream().filter(entry -> step.equals(entry.get("step"))).reduce((a, b) -> b);
        String outcome = last.map(entry -> text(entry.get("outcome"))).orElse("NOT_RUN");
        String detail = last.map(entry -> text(entry.get("at")) + (entry.get("error") == null ? "" : " " + text(entry.get("error")))).orElse("did not run");
        svg.append("<g class=\"step ").append(outcome).append("\" data-step=\"").append(step).append("\" data-outcome=\"").append(outcome)
                .append("\"><title>").append(step).append(": ").append(outcome).append(" ").append(detail).append("</title>")
                .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH)
                .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"8\"/>")
                .append("<text x=\"").append(x + BOX_WIDTH / 2).append("\" y=\"").append(y + 27)
                .append("\" text-anchor=\"middle\">").append(step).append("</text></g>\n");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n<style>"
                + "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
                + ".step rect{fill:#eee;stroke:#999}.step text{font-size:13px}.NOT_RUN{opacity:.35}"
                + ".SUCCEEDED rect{fill:#c8efc8;stroke:#2a2}.FAILED rect{fill:#f7c6c6;stroke:#c22}"
                + "td.SUCCEEDED,.COMPLETED{color:#171}td.FAILED,.COMPENSATION_FAILED{color:#b11}.CANCELLED{color:#a60}"
                + "</style></head>\n<body>\n" + body + "\n</body></html>\n";
    }

    private static String text(Object value) {
        return value == null ? "" : escape(value.toString());
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
