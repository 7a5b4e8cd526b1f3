package store;

/** One event of an order's saga: a step and how it ended. */
public record HistoryEntry(String step, String outcome, String at, String error, String lraId) {
}
