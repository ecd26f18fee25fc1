package io.dsbench.lin.model;

/** What the checker knows about how an operation ended. */
public enum Outcome {
    /** Completed and took effect; the operation's value is its result. */
    OK,
    /** Completed with an observed failure result (e.g. a compare-and-set whose compare failed). */
    FAILED,
    /** Unknown: it may or may not have taken effect, and its result is not known. */
    UNKNOWN
}
