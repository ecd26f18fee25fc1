package io.dsbench.tradeoffs;

import java.time.Duration;
import java.util.List;

/**
 * One experiment of {@code dsbench tradeoffs}: it runs the project's own patterns, backends, nemeses and checkers
 * on one backend and adds {@link Figure}s for the table rows it measures. Nothing estimated or hard-coded: every
 * figure comes from this run.
 *
 * <p>Implementations live in {@code io.dsbench.tradeoffs.experiments} and are listed in {@link Experiments}.
 */
public interface Experiment {
    /** Stable id for {@code --experiments}, e.g. {@code consistency}. */
    String id();

    /**
     * How it measures, in a few sentences for the report and README: the deployment, the workload, the fault, the
     * checker, and what each figure counts (e.g. "3 etcd members; 4 clients ...; stale = a read that returned a
     * version older than one acknowledged before the read began (Staleness)").
     */
    String method();

    /** The rows it fills (both sides of each, on every backend it can; the rest get an unmeasured figure). */
    List<Row> rows();

    /** Rough duration on {@code backend}, for the plan line and progress. */
    Duration estimate(String backend, boolean quick);

    /**
     * Measures on {@code ctx.backend()}: adds figures through {@link ExperimentContext#add} as they are known (so
     * an interrupted run keeps them), and an {@link Figure#unmeasured} one for each cell it cannot measure on this
     * backend, saying why. Opens what it needs through the context (closed by the runner afterwards if left open).
     * Must stay within a bounded time (about {@link #estimate} plus the backend's timeouts) and stop when
     * interrupted.
     *
     * @throws Exception when it cannot go on; the runner keeps the figures added so far and records the error for
     *                   the cells still empty
     */
    void run(ExperimentContext ctx) throws Exception;
}
