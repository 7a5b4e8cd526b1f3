package app;

import domain.Order;
import domain.OrderReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.OrderRepository;
import store.PaymentEntry;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A saga the coordinator lost (it never cancels it) does not stay IN_PROGRESS: the app cancels it itself. */
class StrandedSagaTest extends RunningAppTest {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("saga.stranded-after-seconds", "3", "saga.stranded-check-period-ms", "500");
    }

    @Test
    @DisplayName("an order IN_PROGRESS long after its time limit is cancelled by the app: refunded, stock back")
    void strandedSagaIsCancelled() {
        String orderId = "47000000-stranded";
        String lra = app.startLra(); // no time limit: the coordinator would never end it
        Order order = new OrderReader(1_000_000).read(OrderJson.bytes(orderId, "501", 4));
        app.bean(OrderRepository.class).create(order, lra);
        app.bean(PaymentRepository.class).debit(orderId, order.total(), lra);
        app.bean(InventoryRepository.class).reserve(orderId, order.quantitiesByItem(), lra);
        assertThat(app.bean(InventoryRepository.class).stock("501")).contains(996);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> app.bean(OrderRepository.class).find(orderId).orElseThrow().status().name().equals("CANCELLED"));
        assertThat(app.bean(PaymentRepository.class).ledger(orderId)).extracting(PaymentEntry::paymentType).containsExactly("Debit", "Credit");
        assertThat(app.bean(PaymentRepository.class).ledger(orderId).stream().map(PaymentEntry::amount)
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)).isZero();
        assertThat(app.bean(InventoryRepository.class).stock("501")).contains(1000);
    }
}
