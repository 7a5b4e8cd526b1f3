package domain;

/** What a compensation found and did. Every value but REFUSED_COMPLETED is a success. */
public enum Undo {
    /** The step had applied; it is now undone. */
    UNDONE,
    /** The step never applied; a marker now stops it from applying late. */
    NOTHING_TO_UNDO,
    /** A previous call already undid it. */
    ALREADY_UNDONE,
    /** The step belongs to a saga that completed: undoing it would break a finished order. */
    REFUSED_COMPLETED,
    /** The record belongs to another saga of the same order id (a duplicate that lost the race). */
    NOT_THIS_SAGA
}
