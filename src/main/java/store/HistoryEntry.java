package store;

import domain.Step;

/** One event of an order's saga: a step and how it ended. */
public record HistoryEntry(Step step, Outcome outcome, String at, String error, String lraId) {

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public boolean is(Step step, Outcome outcome) {
        return this.step == step && this.outcome == outcome;
    }
}
