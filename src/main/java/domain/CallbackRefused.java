package domain;

/** A saga callback that did not come from the coordinator for that saga: refused as forbidden, nothing changed. */
public class CallbackRefused extends RequestRefused {

    private final String reason;

    /** @param reason a short word for the metrics: parameters, participant, token, coordinator, decision */
    public CallbackRefused(String reason, String detail) {
        super(Kind.FORBIDDEN, "refused: " + detail);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
