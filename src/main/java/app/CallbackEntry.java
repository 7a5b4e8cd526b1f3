package app;

import domain.CallbackRefused;
import domain.CallbackTokens;
import domain.MessageKeys;
import domain.Participant;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The HTTP entry of the saga callbacks (camel-lra's participant routes, which anyone who reaches
 * the app's port can call). A callback must carry the token its saga option put in the callback
 * URL when the step joined: a signature of the saga, the order and the participant that only
 * holders of the shared secret can make. Anything else is answered 403 and changes nothing. What
 * passes is marked as coming from the coordinator, so the gate asks the coordinator before the
 * callback may decide how the saga ended. The token is then taken out of the message: nothing
 * downstream can log it.
 */
public class CallbackEntry implements Processor {

    static final String COMPENSATION = "Camel-Saga-Compensate";
    static final String COMPLETION = "Camel-Saga-Complete";
    /** The header of the coordinator's AfterLRA call: the saga that has ended. */
    static final String ENDED = "Long-Running-Action-Ended";

    private final CallbackTokens tokens;
    private final Optional<Instant> untokenedUntil;
    private final Clock clock;
    private final CallbackRefusals refusals;
    private final MeterRegistry metrics;

    /** @param untokenedUntil until when a callback without a token is still accepted (sagas started before tokens existed) */
    public CallbackEntry(CallbackTokens tokens, Optional<Instant> untokenedUntil, Clock clock, CallbackRefusals refusals, MeterRegistry metrics) {
        this.tokens = tokens;
        this.untokenedUntil = untokenedUntil;
        this.clock = clock;
        this.refusals = refusals;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        try {
            Map<String, String> query = parameters(message.getHeader(Exchange.HTTP_QUERY, String.class));
            String orderId = query.get(MessageKeys.ORDER_ID);
            if (orderId == null || !orderId.equals(single(message, MessageKeys.ORDER_ID))) {
                throw new CallbackRefused("parameters", "the callback names no order, or names it twice");
            }
            single(message, CallbackTokens.OPTION); // the query's token is the one checked: none may come beside it
            if (isSagaEnded(exchange)) {
                // the AfterLRA call names its saga in its own header; the routes after this read the usual one
                String lraId = single(message, ENDED);
                checkToken(query.get(CallbackTokens.OPTION), lraId, orderId, Participant.SAGA);
                message.setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, lraId);
            } else {
                String lraId = single(message, Exchange.SAGA_LONG_RUNNING_ACTION);
                Participant participant = Participant.ofCallback(query.get(COMPENSATION), query.get(COMPLETION))
                        .orElseThrow(() -> new CallbackRefused("participant", "the callback names no participant of the order saga"));
                checkToken(query.get(CallbackTokens.OPTION), lraId, orderId, participant);
                // camel-lra reads the routes from these headers when they are set, instead of the query
                message.setHeader(COMPENSATION, query.get(COMPENSATION));
                message.setHeader(COMPLETION, query.get(COMPLETION));
            }
            exchange.setProperty(MessageKeys.FROM_COORDINATOR, true);
        } catch (CallbackRefused refused) {
            String lraId = message.getHeader(isSagaEnded(exchange) ? ENDED : Exchange.SAGA_LONG_RUNNING_ACTION, String.class);
            refusals.refused(refused, message.getHeader(MessageKeys.ORDER_ID, String.class), lraId);
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, HttpStatuses.of(refused));
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain");
            message.setBody(refused.getMessage());
            exchange.setRouteStop(true);
        } finally {
            forgetToken(message);
        }
    }

    /** The coordinator's AfterLRA call ({@link SagaEndWatch#ENDED_PATH}) rather than a compensation or completion. */
    private static boolean isSagaEnded(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String path = uri == null ? "" : uri.split("\\?", 2)[0];
        return path.endsWith(SagaEndWatch.ENDED_PATH);
    }

    private void checkToken(String token, String lraId, String orderId, Participant participant) {
        if (token == null) {
            if (untokenedUntil.isPresent() && clock.instant().isBefore(untokenedUntil.get())) {
                metrics.counter("order.saga.callbacks.untokened").increment();
                return; // a saga started by a version without tokens (callbacks.untokened-until)
            }
            throw new CallbackRefused("token", "the callback carries no token");
        }
        switch (tokens.check(token, lraId, orderId, participant)) {
            case CURRENT -> { }
            case PREVIOUS -> metrics.counter("order.saga.callbacks.previous.secret").increment();
            case INVALID -> throw new CallbackRefused("token", "the callback's token is not this saga's, order's and participant's");
        }
    }

    /** The query's parameters, decoded; a parameter that arrives twice is refused (which one would count?). */
    static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            if (rawName.contains("%") || rawName.contains("+")) { // camel-lra writes plain names; an encoded one would slip past the log's mask
                throw new CallbackRefused("parameters", "a parameter's name is encoded");
            }
            String name = decode(rawName);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw new CallbackRefused("parameters", "the parameter " + name + " arrives twice");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CallbackRefused("parameters", "the query is not URL-encoded text");
        }
    }

    /** A header that must arrive once (a query parameter and an HTTP header of the same name make a list). */
    private static String single(Message message, String name) {
        Object value = message.getHeader(name);
        if (value != null && !(value instanceof String)) {
            throw new CallbackRefused("parameters", name + " arrives more than once");
        }
        return (String) value;
    }

    /**
     * Takes the token out of the message: its own header, and every header that repeats the request's
     * query (the query, the URI, the absolute URL), which stay in the exchange.
     */
    private static void forgetToken(Message message) {
        message.removeHeader(CallbackTokens.OPTION);
        message.getHeaders().replaceAll((name, value) ->
                value instanceof String text && text.contains(CallbackTokens.OPTION + "=") ? withoutToken(text) : value);
    }

    static String withoutToken(String text) {
        return text.replaceAll("(?<=[?&]|^)" + CallbackTokens.OPTION + "=[^&]*", CallbackTokens.OPTION + "=****");
    }
}
