package view;

import domain.OrderStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import store.OrderRecord;

/**
 * The console's front page: the count of each status in the window (each a link that filters the
 * list), the filters, and the matching orders newest first, a page at a time.
 */
final class ListPage {

    static final int REFRESH_SECONDS = 5;

    private ListPage() {
    }

    /**
     * @param next the filter of the next page, when there is one
     * @param complete false when the search stopped before it looked at every parked order of the window
     */
    static String render(ConsoleFilter filter, Map<OrderStatus, Long> counts, List<OrderRecord> orders, Optional<ConsoleFilter> next,
                         boolean complete) {
        StringBuilder body = new StringBuilder("<h1>Sagas</h1>\n");
        body.append("<nav aria-label=\"Counts per status in the window\"><ul class=\"counts\">\n");
        for (OrderStatus status : OrderStatus.values()) {
            boolean current = filter.status().equals(Optional.of(status));
            body.append("<li><a href=\"").append(Html.escape(filter.withStatus(current ? Optional.empty() : Optional.of(status)).link()))
                    .append('"').append(current ? " aria-current=\"true\"" : "").append(" data-status=\"").append(status.name()).append("\">")
                    .append("<b>").append(counts.getOrDefault(status, 0L)).append("</b>").append(Html.status(status)).append("</a></li>\n");
        }
        body.append("</ul></nav>\n");
        body.append(form(filter));
        body.append("<p>").append(describe(filter)).append(" · <a href=\"")
                .append(Html.escape(filter.withRefresh(!filter.refresh()).link())).append("\">")
                .append(filter.refresh() ? "stop refreshing (now every " + REFRESH_SECONDS + " s)" : "refresh every " + REFRESH_SECONDS + " s")
                .append("</a></p>\n");
        if (!complete) {
            body.append("<p id=\"search-cut\" role=\"status\">Only the newest ").append(SagaConsole.EXAMINED)
                    .append(" parked orders of the window were searched for this step: narrow the window to search older ones.</p>\n");
        }
        body.append(table(orders));
        next.ifPresent(page -> body.append("<p><a href=\"").append(Html.escape(page.link())).append("\" rel=\"next\">older orders</a></p>\n"));
        if (filter.before().isPresent() || filter.orderId().isPresent()) {
            body.append("<p><a href=\"").append(Html.escape(filter.withStatus(filter.status()).link())).append("\">newest orders</a></p>\n");
        }
        return Html.page("Sagas", body.toString(), filter.refresh() ? REFRESH_SECONDS : 0);
    }

    /** The filters as a form: plain GET, so it works without script and from the keyboard. */
    private static String form(ConsoleFilter filter) {
        StringBuilder form = new StringBuilder("<form method=\"get\" action=\"/\" role=\"search\">\n");
        form.append("<label>Order id <input name=\"q\" value=\"").append(Html.text(filter.orderId().orElse(null))).append("\"></label>\n");
        form.append("<label>Status <select name=\"status\"><option value=\"\">any</option>");
        for (OrderStatus status : OrderStatus.values()) {
            form.append("<option").append(filter.status().equals(Optional.of(status)) ? " selected" : "").append('>')
                    .append(status.name()).append("</option>");
        }
        form.append("</select></label>\n<label>Failed step <select name=\"failed_step\"><option value=\"\">any</option>");
        for (domain.Step step : domain.Step.ofServices(domain.Step.Kind.COMPENSATION)) {
            form.append("<option").append(filter.failedStep().equals(Optional.of(step)) ? " selected" : "").append('>')
                    .append(step.displayName()).append("</option>");
        }
        form.append("</select></label>\n<label>Window <select name=\"window\">");
        for (Window window : Window.values()) {
            form.append("<option").append(window == filter.window() ? " selected" : "").append('>').append(window.label()).append("</option>");
        }
        form.append("</select></label>\n");
        if (!filter.refresh()) {
            form.append("<input type=\"hidden\" name=\"refresh\" value=\"off\">\n");
        }
        return form.append("<button type=\"submit\">Show</button>\n</form>\n").toString();
    }

    private static String describe(ConsoleFilter filter) {
        if (filter.orderId().isPresent()) {
            return "Order id " + Html.escape(filter.orderId().get());
        }
        return filter.status().map(Enum::name).orElse("All") + " orders"
                + filter.failedStep().map(step -> " whose " + step.displayName() + " gave up").orElse("")
                + " stored in the last " + filter.window().label() + ", newest first"
                + filter.before().map(time -> ", before " + Html.time(time)).orElse("");
    }

    private static String table(List<OrderRecord> orders) {
        if (orders.isEmpty()) {
            return "<p id=\"no-orders\">No orders match.</p>\n";
        }
        StringBuilder rows = new StringBuilder("<table id=\"orders\"><caption>Orders</caption>\n<thead><tr><th scope=\"col\">order</th>"
                + "<th scope=\"col\">status</th><th scope=\"col\">failed step</th><th scope=\"col\">total</th>"
                + "<th scope=\"col\">received</th><th scope=\"col\">last change</th></tr></thead>\n<tbody>\n");
        for (OrderRecord order : orders) {
            rows.append("<tr data-order=\"").append(Html.text(order.orderId())).append("\"><td><a href=\"/orders/")
                    .append(Html.segment(order.orderId())).append("\">").append(Html.text(order.orderId())).append("</a></td><td>")
                    .append(Html.status(order.status())).append("</td><td>").append(Html.text(order.failedStep()))
                    .append("</td><td>").append(Html.text(order.total())).append("</td><td>").append(Html.time(order.createdAt()))
                    .append("</td><td>").append(Html.time(order.updatedAt())).append("</td></tr>\n");
        }
        return rows.append("</tbody></table>\n").toString();
    }
}
