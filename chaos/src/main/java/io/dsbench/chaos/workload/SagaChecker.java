package io.dsbench.chaos.workload;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The check of the {@code saga} workload ({@link SagaWorkload}), from the history alone. A saga's outcome is what
 * its run returned or what a recovery reported for it; its data is the final read's counters per step (net
 * effect = executions - compensations). Anomalies:
 * <ul>
 *   <li>{@code partial_sagas}: some steps' effects remain and others do not (all-or-nothing broken);</li>
 *   <li>{@code completed_with_missing_effects}: reported completed, a step's effect is missing;</li>
 *   <li>{@code compensated_with_effects_left}: reported compensated, a step's effect remains;</li>
 *   <li>{@code double_executions} / {@code double_compensations}: a step executed / compensated more than once
 *       (each counted per step);</li>
 *   <li>{@code conflicting_outcomes}: two different outcomes reported for one saga (two owners finished it).</li>
 * </ul>
 * A saga that needed manual intervention (a compensation gave up) is counted, not judged for all-or-nothing. A
 * saga with no outcome even after the final recovery counts as {@code unresolved}; with no successful final read
 * the verdict is unknown.
 */
final class SagaChecker {
    private static final int EXAMPLES = 5;

    private SagaChecker() {
    }

    static Outcome check(History h) {
        FlowOutcomes flows = new FlowOutcomes();
        Set<Long> sagas = new LinkedHashSet<>();
        long killed = 0;
        long takenOver = 0;
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op done = call.completion();
            switch (inv.f()) {
                case "saga": {
                    long id = Values.asLong(inv.value(), ":saga id");
                    sagas.add(id);
                    if (done != null && done.type() == OpType.OK) {
                        flows.reported(id, done.value());
                    } else if (done != null && String.valueOf(done.error()).contains("killed")) {
                        killed++;
                    } else if (done != null && String.valueOf(done.error()).contains("taken-over")) {
                        takenOver++;
                    }
                    break;
                }
                default:
                    flows.accept(inv, done);
                    break;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("sagas", (long) sagas.size());
        counts.put("orchestrators_killed", killed);
        counts.put("taken_over", takenOver);
        counts.put("recoveries", flows.recoveries);
        counts.put("finished_by_recovery", flows.byRecovery);
        Map<String, Long> anomalies = new LinkedHashMap<>();
        for (String a : List.of("partial_sagas", "completed_with_missing_effects", "compensated_with_effects_left",
                "double_executions", "double_compensations", "conflicting_outcomes")) {
            anomalies.put(a, 0L);
        }
        if (flows.finalRead == null) {
            return new Outcome("unknown", anomalies, counts, List.of(), "no successful final read of the sagas' "
                    + "data", null, List.of());
        }
        Map<Long, Map<Long, long[]>> data = new HashMap<>();
        for (Object o : flows.finalRead) {
            List<?> row = Values.list(o);
            data.computeIfAbsent(Values.asLong(row.get(0), ":final-read saga"), k -> new TreeMap<>())
                    .put(Values.asLong(row.get(1), ":final-read step"), new long[] {
                            Values.asLong(row.get(2), ":final-read executions"),
                            Values.asLong(row.get(3), ":final-read compensations")});
        }
        Map<String, List<String>> ex = new LinkedHashMap<>();
        long completed = 0;
        long compensated = 0;
        long manual = 0;
        long unresolved = 0;
        for (long id : sagas) {
            Map<Long, long[]> steps = data.getOrDefault(id, Map.of());
            Set<String> out = flows.of(id);
            StringBuilder shown = new StringBuilder("saga g" + id + " " + out + ": [executions compensations] per step");
            int present = 0;
            int doubleExec = 0;
            int doubleComp = 0;
            for (Map.Entry<Long, long[]> s : steps.entrySet()) {
                long[] ec = s.getValue();
                shown.append(' ').append(s.getKey()).append('=').append(ec[0]).append('/').append(ec[1]);
                doubleExec += ec[0] > 1 ? 1 : 0;
                doubleComp += ec[1] > 1 ? 1 : 0;
                present += ec[0] - ec[1] > 0 ? 1 : 0;
            }
            String line = shown.toString();
            for (int i = 0; i < doubleExec; i++) {
                count(anomalies, ex, "double_executions", line);
            }
            for (int i = 0; i < doubleComp; i++) {
                count(anomalies, ex, "double_compensations", line);
            }
            if (out.size() > 1) {
                count(anomalies, ex, "conflicting_outcomes", line);
            }
            if (out.contains("manual")) {
                manual++;
                continue;
            }
            int n = steps.size();
            if (out.isEmpty()) {
                unresolved++;
                if (present > 0 && present < n) {
                    count(anomalies, ex, "partial_sagas", line);
                }
            } else if (out.contains("completed")) {
                completed++;
                if (present < n) {
                    count(anomalies, ex, present == 0 ? "completed_with_missing_effects" : "partial_sagas", line);
                }
            } else {
                compensated++;
                if (present > 0) {
                    count(anomalies, ex, present == n ? "compensated_with_effects_left" : "partial_sagas", line);
                }
            }
        }
        counts.put("completed", completed);
        counts.put("compensated", compensated);
        counts.put("manual_intervention", manual);
        counts.put("unresolved", unresolved);
        counts.put("final_recovery", flows.finalRecovery ? 1L : 0L);
        List<Outcome.Example> examples = new ArrayList<>();
        ex.forEach((k, v) -> examples.add(new Outcome.Example(k.replace('_', ' '), v)));
        long bad = anomalies.values().stream().mapToLong(Long::longValue).sum();
        String summary = sagas.size() + " sagas: " + completed + " completed, " + compensated + " compensated, "
                + manual + " manual, " + unresolved + " unresolved (" + killed + " orchestrators killed, " + flows.byRecovery
                + " finished by recovery); " + anomalies.get("partial_sagas") + " partial, "
                + (anomalies.get("completed_with_missing_effects") + anomalies.get("compensated_with_effects_left"))
                + " with data contradicting the outcome, " + anomalies.get("double_executions") + " double executions, "
                + anomalies.get("double_compensations") + " double compensations, "
                + anomalies.get("conflicting_outcomes") + " conflicting outcomes";
        return new Outcome(bad > 0 ? "invalid" : "valid", anomalies, counts, examples, summary, null, List.of());
    }

    /** Counts one anomaly and keeps its example. */
    private static void count(Map<String, Long> anomalies, Map<String, List<String>> ex, String kind, String line) {
        anomalies.merge(kind, 1L, Long::sum);
        List<String> l = ex.computeIfAbsent(kind, k -> new ArrayList<>());
        if (l.size() < EXAMPLES) {
            l.add(line);
        }
    }
}
