package domain;

/** What a saga callback may do, decided before it touches anything. */
public enum CallbackVerdict {
    /** Do the step. */
    PROCEED,
    /** Nothing to do: the order is another saga's, or the step gave up and is parked. */
    SKIP,
    /** Refuse it: the saga already ended the other way, and the app finishes it that way. */
    CONTRADICTS_DECISION
}
