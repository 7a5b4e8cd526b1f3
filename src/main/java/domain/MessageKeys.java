package domain;

/**
 * The names under which a saga message carries what its steps need: the routes set them, the beans
 * they call bind them by these names ({@code @Header}, {@code @ExchangeProperty}).
 */
public final class MessageKeys {

    /** Header: the order id. Also a saga option: it travels in the coordinator's callback URLs, beside the callback token. */
    public static final String ORDER_ID = "orderId";
    /** Header: the saga (LRA) id, set by camel-lra on actions and callbacks alike (Camel's {@code Exchange.SAGA_LONG_RUNNING_ACTION}). */
    public static final String LRA_ID = "Long-Running-Action";
    /** Exchange property: the {@link Step} a route performs. */
    public static final String STEP = "sagaStep";
    /** Exchange property: set by a redrive, which retries compensations that were parked. */
    public static final String REDRIVE = "redrive";
    /** Exchange property: the {@link SagaDecision} a saga ended with, once its end is known. */
    public static final String DECISION = "sagaDecision";
    /** Exchange property: true when the app finished a saga its coordinator lost or left (the stranded-saga sweep). */
    public static final String SWEPT = "swept";
    /** Exchange property: true while the app runs, at a saga's end, the steps its history lacks. */
    public static final String AT_END = "sagaAtEnd";
    /** Exchange property: when the current step began (epoch millis), for the time it waited in retries. */
    public static final String STEP_STARTED_AT = "sagaStepStartedAt";
    /** Exchange property: how often the current step was retried, if it was. */
    public static final String RETRIES = "sagaStepRetries";
    /** Exchange property: when the current step's last retry began (epoch millis). */
    public static final String LAST_RETRY_AT = "sagaStepLastRetryAt";
    /** Exchange property: set by the HTTP entry of the saga callbacks once their token checked out. */
    public static final String FROM_COORDINATOR = "callbackFromCoordinator";

    private MessageKeys() {
    }
}
