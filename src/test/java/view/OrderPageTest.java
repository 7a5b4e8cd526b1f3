package view;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderPageTest {

    @Test
    void escapesEverythingItShows() {
        Map<String, Object> entry = new HashMap<>(Map.of("step", "ProcessPayment", "outcome", "FAILED", "at", "now"));
        entry.put("error", "<script>alert('x')</script>");
        Map<String, Object> order = new HashMap<>(Map.of("order_id", "o-1\"><img>", "status", "CANCELLED", "history", List.of(entry)));

        String page = OrderPage.render(order, true);

        assertThat(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").doesNotContain("<img>")
                .containsOnlyOnce("<script>"); // the page's own, which shows times in the reader's zone
    }

    @Test
    void eachEventTookTheTimeSinceTheOneBeforeAndTheSagaItsSum() {
        Map<String, Object> order = new HashMap<>(Map.of("order_id", "o-2", "status", "COMPLETED", "created_at", "2026-12-04T10:00:00Z",
                "history", List.of(
                        Map.of("step", "ProcessPayment", "outcome", "SUCCEEDED", "at", "2026-12-04T10:00:00.250Z"),
                        Map.of("step", "ProcessOrder", "outcome", "SUCCEEDED", "at", "2026-12-04T10:00:00.100Z"),
                        Map.of("step", "ReserveInventory", "outcome", "SUCCEEDED", "at", "2026-12-04T10:03:12.250Z"))));

        String page = OrderPage.render(order, false);

        assertThat(page).contains("<td class=\"took\">0.100 s</td>", "<td class=\"took\">0.150 s</td>", "<td class=\"took\">3 min 12 s</td>")
                .contains("saga took 3 min 12 s");
    }

    @Test
    void onlyAnOperatorGetsTheRedriveButtonAndOnlyForAParkedOrder() {
        Map<String, Object> parked = new HashMap<>(Map.of("order_id", "o-3", "status", "COMPENSATION_FAILED", "history", List.of()));
        Map<String, Object> cancelled = new HashMap<>(Map.of("order_id", "o-4", "status", "CANCELLED", "history", List.of()));

        assertThat(OrderPage.render(parked, true)).contains("id=\"redrive\"");
        assertThat(OrderPage.render(parked, false)).doesNotContain("id=\"redrive\"");
        assertThat(OrderPage.render(cancelled, true)).doesNotContain("id=\"redrive\"");
    }
}
