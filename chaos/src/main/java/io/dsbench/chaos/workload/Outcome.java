package io.dsbench.chaos.workload;

import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.model.Operation;
import java.util.List;
import java.util.Map;

/**
 * A workload's check result.
 *
 * @param verdict   {@code valid}, {@code invalid} or {@code unknown}
 * @param anomalies anomaly name to count (zero counts included: they are measured)
 * @param counts    other counts (acknowledged writes, grants, ...)
 * @param examples  for each anomaly kind, a few of the ops involved as EDN text
 * @param summary   one line with the numbers
 * @param lin       the linearizability check (register), else null
 * @param operations the checked operations (register, for the timeline), else empty
 */
public record Outcome(String verdict, Map<String, Long> anomalies, Map<String, Long> counts,
                      List<Example> examples, String summary, CheckResult lin, List<Operation> operations) {

    /** A kind of anomaly and the ops that show it. */
    public record Example(String kind, List<String> ops) {
    }

    /** Whether any anomaly was counted. */
    public boolean anomalous() {
        return anomalies.values().stream().anyMatch(v -> v > 0);
    }
}
