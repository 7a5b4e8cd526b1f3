package store;

import domain.Step;

/** How often a step was retried in its last run, and how long it waited before the attempt that ended it. */
public record Retries(Step step, int count, long waitedMs) {
}
