package io.dsbench.chaos.workload;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import java.util.List;

/**
 * A chaos workload: what each client does (one request in flight per client), what is read after the faults are
 * healed, and how the history is checked. The check reads only the history, so a saved run is re-checked from its
 * files ({@link Checkers#check}).
 */
public interface Workload {
    /** One of {@link #NAMES}. */
    String name();

    /**
     * One step of client {@code c} (one or a few operations, each recorded before and after its call).
     *
     * @param seq a run-wide sequence number, unique per step
     */
    void step(HistoryRecorder.Client c, java.util.Random random, long seq) throws InterruptedException;

    /** After the faults are healed: final reads, recorded through {@code rec}. */
    default void finish(HistoryRecorder rec) throws InterruptedException {
    }

    /** The ops per second a run must reach before the first fault, unless {@code --min-rate} says otherwise. */
    default double defaultMinRate(double rate) {
        return rate / 2;
    }

    /** Names of the known workloads. */
    List<String> NAMES = List.of("register", "set", "lock", "lock-fenced", "idempotency", "registry", "saga", "2pc");

    /** Checks a history of this workload. */
    default Outcome check(History h) {
        return Checkers.check(name(), h);
    }
}
