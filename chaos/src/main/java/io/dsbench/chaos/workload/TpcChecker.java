package io.dsbench.chaos.workload;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Values;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check of the {@code 2pc} workload ({@link TpcWorkload}), from the history alone. A transaction's outcome is
 * what its coordinator returned or what a recovery reported; its data is whether each participant holds its write
 * after the final recovery. Anomalies:
 * <ul>
 *   <li>{@code partial_commits}: some participants hold the transaction's write and others do not;</li>
 *   <li>{@code committed_without_writes} / {@code aborted_with_writes}: the data contradicts the decision;</li>
 *   <li>{@code conflicting_outcomes}: two different decisions reported for one transaction;</li>
 *   <li>{@code still_in_doubt}: a participant still prepared and blocked after the final recovery.</li>
 * </ul>
 * Counts the blocking 2PC pays for a killed coordinator: the participants' blocked time (from their yes vote to
 * learning the decision), median and maximum over all transactions and over those whose coordinator was killed.
 */
final class TpcChecker {
    private static final int EXAMPLES = 5;

    private TpcChecker() {
    }

    static Outcome check(History h) {
        FlowOutcomes flows = new FlowOutcomes();
        Set<Long> txs = new LinkedHashSet<>();
        Set<Long> killed = new LinkedHashSet<>();
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op done = call.completion();
            switch (inv.f()) {
                case "tx": {
                    long id = Values.asLong(inv.value(), ":tx id");
                    txs.add(id);
                    if (done != null && done.type() == OpType.OK) {
                        flows.reported(id, done.value());
                    } else if (done != null && String.valueOf(done.error()).contains("killed")) {
                        killed.add(id);
                    }
                    break;
                }
                default:
                    flows.accept(inv, done);
                    break;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("transactions", (long) txs.size());
        counts.put("coordinators_killed", (long) killed.size());
        counts.put("recoveries", flows.recoveries);
        counts.put("finished_by_recovery", flows.byRecovery);
        Map<String, Long> anomalies = new LinkedHashMap<>();
        for (String a : List.of("partial_commits", "committed_without_writes", "aborted_with_writes",
                "conflicting_outcomes", "still_in_doubt")) {
            anomalies.put(a, 0L);
        }
        if (flows.finalRead == null) {
            return new Outcome("unknown", anomalies, counts, List.of(), "no successful final read of the "
                    + "participants' data", null, List.of());
        }
        Map<Long, List<long[]>> data = new HashMap<>();
        for (Object o : flows.finalRead) {
            List<?> row = Values.list(o);
            data.computeIfAbsent(Values.asLong(row.get(0), ":final-read tx"), k -> new ArrayList<>()).add(new long[] {
                    Values.asLong(row.get(1), ":final-read participant"), Values.asLong(row.get(2), ":final-read present"),
                    Values.asLong(row.get(3), ":final-read blocked"), Values.asLong(row.get(4), ":final-read in-doubt")});
        }
        Map<String, List<String>> ex = new LinkedHashMap<>();
        long committed = 0;
        long aborted = 0;
        long unresolved = 0;
        List<Long> blocked = new ArrayList<>();
        List<Long> blockedKilled = new ArrayList<>();
        for (long id : txs) {
            List<long[]> rows = data.getOrDefault(id, List.of());
            Set<String> out = flows.of(id);
            StringBuilder shown = new StringBuilder("transaction x" + id + " " + out + ": participant=present/blocked-ms");
            int present = 0;
            long maxBlocked = -1;
            int inDoubt = 0;
            for (long[] r : rows) {
                shown.append(" p").append(r[0]).append('=').append(r[1]).append('/').append(r[2]);
                present += r[1] > 0 ? 1 : 0;
                maxBlocked = Math.max(maxBlocked, r[2]);
                inDoubt += r[3] > 0 ? 1 : 0;
            }
            String line = shown.toString();
            for (int i = 0; i < inDoubt; i++) {
                count(anomalies, ex, "still_in_doubt", line);
            }
            if (maxBlocked >= 0) {
                blocked.add(maxBlocked);
                if (killed.contains(id)) {
                    blockedKilled.add(maxBlocked);
                }
            }
            if (out.size() > 1) {
                count(anomalies, ex, "conflicting_outcomes", line);
            }
            if (present > 0 && present < rows.size()) {
                count(anomalies, ex, "partial_commits", line);
            } else if (out.size() == 1 && out.contains("committed") && present == 0 && !rows.isEmpty()) {
                count(anomalies, ex, "committed_without_writes", line);
            } else if (out.size() == 1 && out.contains("aborted") && present > 0) {
                count(anomalies, ex, "aborted_with_writes", line);
            }
            if (out.isEmpty()) {
                unresolved++;
            } else if (out.contains("committed")) {
                committed++;
            } else {
                aborted++;
            }
        }
        counts.put("committed", committed);
        counts.put("aborted", aborted);
        counts.put("unresolved", unresolved);
        Collections.sort(blocked);
        Collections.sort(blockedKilled);
        counts.put("blocked_ms_p50", pct(blocked, 0.5));
        counts.put("blocked_ms_max", pct(blocked, 1.0));
        counts.put("blocked_after_kill_ms_p50", pct(blockedKilled, 0.5));
        counts.put("blocked_after_kill_ms_max", pct(blockedKilled, 1.0));
        List<Outcome.Example> examples = new ArrayList<>();
        ex.forEach((k, v) -> examples.add(new Outcome.Example(k.replace('_', ' '), v)));
        long bad = anomalies.values().stream().mapToLong(Long::longValue).sum();
        String summary = txs.size() + " transactions: " + committed + " committed, " + aborted + " aborted, "
                + unresolved + " unresolved (" + killed.size() + " coordinators killed, " + flows.byRecovery
                + " finished by recovery); " + anomalies.get("partial_commits") + " partial commits, "
                + (anomalies.get("committed_without_writes") + anomalies.get("aborted_with_writes"))
                + " with data contradicting the decision, " + anomalies.get("conflicting_outcomes")
                + " conflicting decisions, " + anomalies.get("still_in_doubt") + " still in doubt; blocked "
                + counts.get("blocked_ms_p50") + " ms median, " + counts.get("blocked_ms_max") + " ms max, after a "
                + "coordinator kill " + counts.get("blocked_after_kill_ms_p50") + " ms median, "
                + counts.get("blocked_after_kill_ms_max") + " ms max";
        return new Outcome(bad > 0 ? "invalid" : "valid", anomalies, counts, examples, summary, null, List.of());
    }

    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void count(Map<String, Long> anomalies, Map<String, List<String>> ex, String kind, String line) {
        anomalies.merge(kind, 1L, Long::sum);
        List<String> l = ex.computeIfAbsent(kind, k -> new ArrayList<>());
        if (l.size() < EXAMPLES) {
            l.add(line);
        }
    }
}
