package domain;

import java.util.Arrays;

/** A saga's status as its coordinator reports it (MicroProfile LRA's statuses), or UNKNOWN when it has none. */
public enum LraStatus {
    ACTIVE("Active"),
    CLOSING("Closing"),
    CLOSED("Closed"),
    FAILED_TO_CLOSE("FailedToClose"),
    CANCELLING("Cancelling"),
    CANCELLED("Cancelled"),
    FAILED_TO_CANCEL("FailedToCancel"),
    /** The coordinator does not know the saga: it never existed, or it has ended and been forgotten. */
    UNKNOWN("Unknown");

    private final String text;

    LraStatus(String text) {
        this.text = text;
    }

    /** The status from the coordinator's text; UNKNOWN for anything else. */
    public static LraStatus parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        return Arrays.stream(values()).filter(status -> status.text.equals(trimmed)).findFirst().orElse(UNKNOWN);
    }

    /**
     * Whether the coordinator may be calling the participants to end the saga this way. A saga it
     * still runs, or does not know, has no callbacks in flight. Narayana 7.1 reports a cancel as
     * Closing once its first pass left a participant unfinished (a callback that failed or took
     * longer than its 2 s), and compensates that participant on every recovery pass after; so Closing
     * allows either. Cancelling allows only compensations: a participant whose completion was cut
     * short is compensated then.
     */
    public boolean mayEndAs(SagaDecision decision) {
        return switch (decision) {
            case CLOSED -> this == CLOSING || this == CLOSED || this == FAILED_TO_CLOSE;
            case CANCELLED -> this == CANCELLING || this == CANCELLED || this == FAILED_TO_CANCEL || this == CLOSING;
        };
    }

    /** How a saga the coordinator reports in this status ended: closed if closing or closed, else cancelled. */
    public SagaDecision reportedEnd() {
        return this == CLOSING || this == CLOSED || this == FAILED_TO_CLOSE ? SagaDecision.CLOSED : SagaDecision.CANCELLED;
    }

    @Override
    public String toString() {
        return text;
    }
}
