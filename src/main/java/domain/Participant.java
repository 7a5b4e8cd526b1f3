package domain;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A participant of the order saga: a service whose action joined the saga, or the saga route
 * itself, which joins too. Its callback routes are its steps of those kinds ({@link Step}). A
 * service's failure scenarios are picked by order-id prefix: its digit fails its action, the digit
 * twice also makes its compensation give up (the seed sample's scenarios).
 */
public enum Participant {
    ORDER("1"),
    PAYMENT("2"),
    INVENTORY("3"),
    SAGA(null);

    private final String scenarioDigit;

    Participant(String scenarioDigit) {
        this.scenarioDigit = scenarioDigit;
    }

    /** Order, payment or inventory: a service with an action of its own. */
    public boolean isService() {
        return scenarioDigit != null;
    }

    /** Order, payment and inventory, in the saga's order. */
    public static List<Participant> services() {
        return Arrays.stream(values()).filter(Participant::isService).toList();
    }

    /** The order-id prefix whose orders fail this service's action; empty for the saga route. */
    public Optional<String> failingActionPrefix() {
        return Optional.ofNullable(scenarioDigit);
    }

    /** The order-id prefix whose orders also make this service's compensation give up. */
    public Optional<String> failingCompensationPrefix() {
        return failingActionPrefix().map(digit -> digit + digit);
    }

    public Step compensation() {
        return step(Step.Kind.COMPENSATION);
    }

    public Step completion() {
        return step(Step.Kind.COMPLETION);
    }

    /** The participant's step of this kind. */
    public Step step(Step.Kind kind) {
        return Arrays.stream(Step.values()).filter(step -> step.participant() == this && step.kind() == kind).findFirst().orElseThrow();
    }

    /**
     * The participant whose callback URL names these two endpoints (as the coordinator sends them
     * back, e.g. {@code direct://payment-refund}); empty if they are not one participant's pair.
     */
    public static Optional<Participant> ofCallback(String compensationUri, String completionUri) {
        return Arrays.stream(values())
                .filter(p -> p.compensation().route().equals(directRoute(compensationUri)) && p.completion().route().equals(directRoute(completionUri)))
                .findFirst();
    }

    /** The route a callback names, written as camel-lra writes it (direct://route); null for anything else, which camel-lra would not run. */
    private static String directRoute(String uri) {
        return uri != null && uri.startsWith("direct://") ? uri.substring("direct://".length()) : null;
    }
}
