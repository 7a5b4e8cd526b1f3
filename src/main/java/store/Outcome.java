package store;

/** How a step ended, as its history entry records it. */
public enum Outcome {
    SUCCEEDED, FAILED
}
