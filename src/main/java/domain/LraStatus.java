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

    /** How a saga the coordinator reports in this status ended: closed if closing or closed, else cancelled. */
    public SagaDecision reportedEnd() {
        return this == CLOSING || this == CLOSED || this == FAILED_TO_CLOSE ? SagaDecision.CLOSED : SagaDecision.CANCELLED;
    }

    @Override
    public String toString() {
        return text;
    }
}
