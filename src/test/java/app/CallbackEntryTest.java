package app;

import domain.CallbackTokens;
import domain.MessageKeys;
import domain.Participant;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP entry of the saga callbacks, on exchanges as the participant route receives them. */
class CallbackEntryTest {

    private static final String LRA = "http://127.0.0.1:8081/lra-coordinator/0_ffff7f000001_1";
    private static final String ORDER = "47000000-entry";

    private final CallbackTokens tokens = new CallbackTokens("s".repeat(32), Optional.of("p".repeat(32)));
    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock();

    @Test
    @DisplayName("the saga's own token passes, marked as from the coordinator, and is taken out of the message")
    void validTokenPasses() {
        Exchange exchange = callback(query(tokens.sign(LRA, ORDER, Participant.PAYMENT), Participant.PAYMENT), ORDER);

        entry(Optional.empty()).process(exchange);

        assertThat(exchange.isRouteStop()).isFalse();
        assertThat(exchange.getProperty(MessageKeys.FROM_COORDINATOR, Boolean.class)).isTrue();
        assertThat(exchange.getMessage().getHeader(CallbackTokens.OPTION)).isNull();
        for (String header : List.of(Exchange.HTTP_QUERY, Exchange.HTTP_URL)) {
            assertThat(exchange.getMessage().getHeader(header, String.class)).as(header).contains("callbackToken=****")
                    .doesNotContain(tokens.sign(LRA, ORDER, Participant.PAYMENT));
        }
        assertThat(exchange.getMessage().getHeader("Camel-Saga-Compensate")).isEqualTo("direct://payment-refund");
    }

    @Test
    @DisplayName("without a token: accepted inside the upgrade window, refused once it has closed")
    void untokenedOnlyInsideTheWindow() {
        CallbackEntry entry = entry(Optional.of(clock.instant().plus(Duration.ofMinutes(10))));
        Exchange inside = callback(query(null, Participant.ORDER), ORDER);
        entry.process(inside);
        assertThat(inside.isRouteStop()).isFalse();

        clock.advance(Duration.ofMinutes(11));
        Exchange after = callback(query(null, Participant.ORDER), ORDER);
        entry.process(after);
        assertRefused(after, "token");
    }

    @Test
    @DisplayName("the previous secret passes and is counted; a parameter twice or with an encoded name, or an order id or token"
            + " also sent as a header, is refused")
    void previousSecretAndRepeatedParameters() {
        String previous = new CallbackTokens("p".repeat(32), Optional.empty()).sign(LRA, ORDER, Participant.ORDER);
        Exchange rotating = callback(query(previous, Participant.ORDER), ORDER);
        entry(Optional.empty()).process(rotating);
        assertThat(rotating.isRouteStop()).isFalse();
        assertThat(metrics.counter("order.saga.callbacks.previous.secret").count()).isEqualTo(1);

        String real = tokens.sign(LRA, ORDER, Participant.ORDER);
        Exchange twice = callback(query(real, Participant.ORDER) + "&orderId=" + ORDER, ORDER);
        entry(Optional.empty()).process(twice);
        assertRefused(twice, "parameters");

        Exchange headerToo = callback(query(real, Participant.ORDER), ORDER);
        headerToo.getMessage().setHeader("orderId", List.of(ORDER, "other"));
        entry(Optional.empty()).process(headerToo);
        assertRefused(headerToo, "parameters");

        Exchange encodedName = callback(query(real, Participant.ORDER).replace("callbackToken=", "callback%54oken="), ORDER);
        entry(Optional.empty()).process(encodedName);
        assertRefused(encodedName, "parameters");

        Exchange tokenHeaderToo = callback(query(real, Participant.ORDER), ORDER);
        tokenHeaderToo.getMessage().setHeader(CallbackTokens.OPTION, List.of(real, real));
        entry(Optional.empty()).process(tokenHeaderToo);
        assertRefused(tokenHeaderToo, "parameters");
    }

    @Test
    @DisplayName("routes that are not one participant's pair, or not written as camel-lra writes them, are refused")
    void mixedRoutesRefused() {
        String token = tokens.sign(LRA, ORDER, Participant.ORDER);
        Exchange mixed = callback("callbackToken=" + token + "&orderId=" + ORDER
                + "&Camel-Saga-Compensate=direct://order-cancel&Camel-Saga-Complete=direct://payment-settle", ORDER);
        entry(Optional.empty()).process(mixed);
        assertRefused(mixed, "participant");

        Exchange otherSpelling = callback("callbackToken=" + token + "&orderId=" + ORDER
                + "&Camel-Saga-Compensate=direct:order-cancel&Camel-Saga-Complete=direct:order-complete", ORDER);
        entry(Optional.empty()).process(otherSpelling);
        assertRefused(otherSpelling, "participant");
    }

    private void assertRefused(Exchange exchange, String reason) {
        assertThat(exchange.isRouteStop()).isTrue();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        assertThat(exchange.getProperty(MessageKeys.FROM_COORDINATOR)).isNull();
        assertThat(metrics.counter("order.saga.callbacks.refused", "reason", reason).count()).isPositive();
    }

    private CallbackEntry entry(Optional<Instant> untokenedUntil) {
        return new CallbackEntry(tokens, untokenedUntil, clock, new CallbackRefusals(metrics, clock), metrics);
    }

    private static String query(String token, Participant participant) {
        return (token == null ? "" : "callbackToken=" + token + "&") + "orderId=" + ORDER
                + "&Camel-Saga-Compensate=" + participant.compensation().uri().replace("direct:", "direct://")
                + "&Camel-Saga-Complete=" + participant.completion().uri().replace("direct:", "direct://");
    }

    /** A callback as platform-http hands it over: the raw query, the absolute URL, and its parameters but Camel-* as headers. */
    private static Exchange callback(String query, String orderId) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        exchange.getMessage().setHeader(Exchange.HTTP_URL, "http://127.0.0.1:8080/lra-participant/compensate?" + query);
        exchange.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, LRA);
        for (String pair : query.split("&")) {
            String name = pair.substring(0, pair.indexOf('='));
            if (!name.startsWith("Camel")) {
                exchange.getMessage().setHeader(name, pair.substring(pair.indexOf('=') + 1));
            }
        }
        exchange.getMessage().setHeader("orderId", orderId);
        return exchange;
    }
}
