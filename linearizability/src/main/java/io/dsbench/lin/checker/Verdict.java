package io.dsbench.lin.checker;

/** The three-valued result of a check. */
public enum Verdict {
    /** A linearization exists. */
    LINEARIZABLE,
    /** No linearization exists. */
    NOT_LINEARIZABLE,
    /** The checker could not decide (time limit, memory budget, cancelled). */
    UNKNOWN;

    /** As JSON: true, false or "unknown". */
    public Object json() {
        return this == LINEARIZABLE ? Boolean.TRUE : this == NOT_LINEARIZABLE ? Boolean.FALSE : "unknown";
    }
}
