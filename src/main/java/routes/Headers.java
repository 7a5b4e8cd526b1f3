package routes;

/** Names and expressions the saga routes share. */
final class Headers {

    /** The order id: a header, and a saga option (it travels in the coordinator's callback URLs, beside the callback token). */
    static final String ORDER_ID = "orderId";
    /**
     * The order id of input not read yet. The log context copies headers, and saga callbacks continue
     * on other threads, so without a value a consumer thread could log an earlier order's id.
     */
    static final String NOT_READ_YET = "-";
    /** Exchange property: the {@link domain.Step} a route performs. */
    static final String STEP = "sagaStep";

    /** Exchange property: how a compensation ended, for the metrics (SUCCEEDED, or FAILED when parked). */
    static final String COMPENSATION_OUTCOME = "compensationOutcome";

    /** Counts a compensation by step and outcome in the metrics. */
    static final String COUNT_COMPENSATION = "micrometer:counter:order.saga.compensations?tags.step=${exchangeProperty.sagaStep}"
            + "&tags.outcome=${exchangeProperty.compensationOutcome}";

    static final String ORDER_ID_VALUE = "${header.orderId}";
    static final String STEP_VALUE = "${exchangeProperty.sagaStep}";
    /** The LRA id, set by camel-lra on actions and on callbacks alike. */
    static final String LRA = "${header.Long-Running-Action}";

    static final String JOURNAL_SUCCEEDED = "succeeded(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", " + LRA + ")";
    /** Exchange property: set by the stranded-saga sweep when it finishes a saga its coordinator lost. */
    static final String SWEPT = "swept";
    /** Exchange property: set by a redrive, which retries compensations that were parked. */
    static final String REDRIVE = "redrive";
    /** Exchange property: the {@link domain.CallbackVerdict} of a participant callback's gate. */
    static final String VERDICT = "callbackVerdict";
    /** Exchange property set by the HTTP entry of the saga callbacks (app.CallbackEntry). */
    static final String FROM_COORDINATOR = "${exchangeProperty.callbackFromCoordinator}";
    static final String GATE_COMPENSATION = "compensation(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", " + LRA + ", ${exchangeProperty.redrive}, "
            + FROM_COORDINATOR + ")";
    static final String GATE_COMPLETION = "completion(" + ORDER_ID_VALUE + ", " + LRA + ", " + FROM_COORDINATOR + ")";
    static final String JOURNAL_COMPENSATED = "compensated(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", ${body}, " + LRA + ")";
    static final String JOURNAL_COMPLETED = "completed(" + ORDER_ID_VALUE + ", " + STEP_VALUE + ", ${body}, " + LRA + ")";

    private Headers() {
    }
}
