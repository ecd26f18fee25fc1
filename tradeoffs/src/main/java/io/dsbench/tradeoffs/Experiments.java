package io.dsbench.tradeoffs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every experiment of {@code dsbench tradeoffs}, in the order of the table's rows. */
public final class Experiments {
    private Experiments() {
    }

    /** All experiments, in table order. */
    public static List<Experiment> all() {
        List<Experiment> all = new ArrayList<>();
        // Each experiment adds itself here (one line each), in the order of the rows it fills.
        all.add(new io.dsbench.tradeoffs.experiments.ConsistencyExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.FailoverExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.MultiLeaderExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.ReplicationExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.ShardingExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.SagaExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.CachingExperiment());
        all.add(new io.dsbench.tradeoffs.experiments.TpcExperiment());
        return all;
    }

    /** The experiments named in a comma-separated list (ids or row ids); null or blank: all. */
    public static List<Experiment> select(String list) {
        List<Experiment> all = all();
        if (list == null || list.isBlank()) {
            return all;
        }
        Set<Experiment> chosen = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            List<Experiment> match = all.stream().filter(e -> e.id().equalsIgnoreCase(n)
                    || e.rows().stream().anyMatch(r -> r.id().equalsIgnoreCase(n))).toList();
            if (match.isEmpty()) {
                throw new IllegalArgumentException("--experiments: no experiment or row '" + n + "'; experiments: "
                        + String.join(", ", all.stream().map(Experiment::id).toList()) + "; rows: "
                        + String.join(", ", Arrays.stream(Row.values()).map(Row::id).toList()));
            }
            chosen.addAll(match);
        }
        return all.stream().filter(chosen::contains).toList();
    }
}
