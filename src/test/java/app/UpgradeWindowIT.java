package app;

import domain.Participant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import store.InventoryRepository;
import store.PaymentRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upgrading from a version without callback tokens, sagas in flight: inside the window
 * callbacks.untokened-until those sagas' callbacks (no token in their stored URL) still finish them.
 * After it they are refused (CallbackEntryTest), so the window must outlast them (docs/security.md).
 */
class UpgradeWindowIT extends WithRunningApp {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("callbacks.untokened-until", Instant.now().plus(Duration.ofHours(1)).toString());
    }

    @Test
    @DisplayName("a saga the previous version started, with untokened callback URLs, is cancelled by the coordinator inside the window")
    void sagaOfThePreviousVersionFinishes() {
        String orderId = "47000000-upgrade";
        String lra = app.startLra();
        for (Participant participant : List.of(Participant.SAGA, Participant.INVENTORY, Participant.PAYMENT, Participant.ORDER)) {
            app.join(lra, participant, orderId, Optional.empty());
        }

        assertThat(app.endLra(lra, false)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> app.bean(PaymentRepository.class).ledger(orderId).size() == 1
                && app.bean(InventoryRepository.class).findReservation(orderId).isPresent()
                && app.get("/api/orders/" + orderId).statusCode() == 200);
        assertThat(OrderJson.parse(app.get("/api/orders/" + orderId)).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(app.get("/observe/metrics").body()).containsPattern("order_saga_callbacks_untokened_total(\\{[^}]*})? [1-9]");
    }
}
