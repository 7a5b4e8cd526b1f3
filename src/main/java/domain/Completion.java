package domain;

/** What a completion found and did. */
public enum Completion {
    /** This saga's step is now finished, and recorded with its history entry. */
    APPLIED,
    /** An earlier call finished it (the coordinator repeats callbacks). */
    RECORDED_BEFORE,
    /** Nothing of this saga to finish: its action never applied, or the record is another saga's. */
    NOTHING_TO_COMPLETE,
    /** The saga's decision recorded is CANCELLED: the completion must not apply. */
    CANCELLED_FIRST;

    public boolean done() {
        return this == APPLIED || this == RECORDED_BEFORE;
    }
}
