package io.dsbench.chaos.workload;

import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Values;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a saga or 2pc history reports about each flow's outcome, shared by {@link SagaChecker} and {@link TpcChecker}:
 * the outcomes its owner returned ({@link #reported}) and those the {@code :recover} / {@code :final-recover} calls
 * reported (each a list of {@code [id outcome]}), how many recoveries ran and finished a flow, and the
 * {@code :final-read} of the data. Not thread-safe; one per check.
 */
final class FlowOutcomes {
    private final Map<Long, Set<String>> outcomes = new TreeMap<>();
    long recoveries;
    long byRecovery;
    boolean finalRecovery;
    List<?> finalRead;

    /** The flow's owner returned {@code outcome} (a keyword or string). */
    void reported(long id, Object outcome) {
        outcomes.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(Values.name(outcome));
    }

    /** Every outcome reported for flow {@code id} (empty if none). */
    Set<String> of(long id) {
        return outcomes.getOrDefault(id, Set.of());
    }

    /** Takes a recover, final-recover or final-read call (its completion may be null); false for any other call. */
    boolean accept(Op inv, Op done) {
        boolean ok = done != null && done.type() == OpType.OK;
        switch (inv.f()) {
            case "recover", "final-recover" -> {
                if (ok) {
                    recoveries++;
                    finalRecovery |= inv.f().equals("final-recover");
                    for (Object o : Values.list(done.value())) {
                        List<?> r = Values.list(o);
                        reported(Values.asLong(r.get(0), ":recover id"), r.get(1));
                        byRecovery++;
                    }
                }
                return true;
            }
            case "final-read" -> {
                if (ok) {
                    finalRead = Values.list(done.value());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }
}
