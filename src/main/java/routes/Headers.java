package routes;

/** Names and expressions the saga routes share. */
final class Headers {

    /** The order id: a header, and the only saga option (it travels in the coordinator's callback URLs). */
    static final String ORDER_ID = "orderId";
    /** Exchange property: the {@link domain.Step} a route performs. */
    static final String STEP = "sagaStep";

    static final String ORDER_ID_VALUE = "${header.orderId}";
    static final String STEP_VALUE = "${exchangeProperty.sagaStep}";
    /** The LRA id, set by camel-lra on actions and on callbacks alike. */
    static final String LRA = "${header.Long-Running-Action}";

    static final String JOURNAL_SUCCEEDED = "succeeded(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", " + LRA + ")";
    static final String JOURNAL_PARKED = "isParked(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", " + LRA + ")";
    static final String JOURNAL_COMPENSATED = "compensated(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", ${body}, " + LRA + ")";
    static final String JOURNAL_COMPLETED = "completed(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", ${body}, " + LRA + ")";

    private Headers() {
    }
}
