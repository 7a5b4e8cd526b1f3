package store;

import domain.Step;

/**
 * How often a step was retried in a run, how long it waited before the attempt that ended it, and
 * when that was recorded (just after the run's history entry).
 */
public record Retries(Step step, int count, long waitedMs, String at) {
}
