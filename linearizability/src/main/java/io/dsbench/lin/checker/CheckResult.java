package io.dsbench.lin.checker;

/**
 * The result of checking one history.
 *
 * @param verdict        linearizable, not, or unknown
 * @param model          the model's name
 * @param operations     number of operations checked (after dropping per the fail mode)
 * @param partitions     number of partitions checked
 * @param checkNanos     time spent in the search (not parsing)
 * @param reason         for UNKNOWN: why (time limit, too large); else null
 * @param counterexample for NOT_LINEARIZABLE: the evidence; else null
 * @param modelRef       the model used (to describe states)
 */
public record CheckResult(Verdict verdict, String model, int operations, int partitions, long checkNanos,
                          String reason, Counterexample counterexample, io.dsbench.lin.model.Model modelRef) {

    /** True when linearizable. */
    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** Milliseconds of check time. */
    public double checkMillis() {
        return checkNanos / 1e6;
    }
}
