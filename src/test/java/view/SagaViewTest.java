package view;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SagaViewTest {

    @Test
    void escapesEverythingItShows() {
        Map<String, Object> entry = new java.util.HashMap<>(Map.of("step", "ProcessPayment", "outcome", "FAILED", "at", "now"));
        entry.put("error", "<script>alert('x')</script>");
        Map<String, Object> order = new java.util.HashMap<>(Map.of("order_id", "o-1", "status", "CANCELLED", "history", List.of(entry)));

        String page = new SagaView().order(order);

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    }
}
