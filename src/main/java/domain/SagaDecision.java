package domain;

/**
 * How a saga ended, as the first callback of the coordinator told this app. It holds for every
 * participant: a saga whose steps started completing is never compensated, and the reverse.
 */
public enum SagaDecision {
    CLOSED,
    CANCELLED
}
