package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The consistency experiment on in-memory, quick: both sides of both rows, and the facts ABD guarantees. */
class ConsistencyExperimentTest {

    static List<Figure> run(BackendConfig config, Path dir) throws Exception {
        ConsistencyExperiment exp = new ConsistencyExperiment();
        List<Figure> figures = new ArrayList<>();
        try (ExperimentContext ctx = ExperimentContext.of(exp, config, true, 7, dir, System.out::println,
                figures::add)) {
            exp.run(ctx);
        }
        return figures;
    }

    /** Both sides of both rows measured, each figure with a unit, samples and the command. */
    static void assertStructure(List<Figure> figures) {
        for (Row row : List.of(Row.STRONG_CONSISTENCY, Row.EVENTUAL_CONSISTENCY)) {
            for (Row.Side side : Row.Side.values()) {
                assertThat(figures).as("%s %s", row.id(), side.id())
                        .anyMatch(f -> f.row() == row && f.side() == side && f.measured());
            }
        }
        for (Figure f : figures) {
            assertThat(f.command()).contains("--experiments consistency");
            if (f.measured()) {
                assertThat(f.unit()).as(f.metric()).isNotBlank();
                assertThat(f.samples()).as(f.variant() + " " + f.metric()).isPositive();
            }
        }
    }

    static Optional<Figure> find(List<Figure> figures, Row row, Row.Side side, String variant, String metric) {
        return figures.stream().filter(f -> f.row() == row && f.side() == side && f.variant().equals(variant)
                && f.metric().equals(metric)).findFirst();
    }

    @Test
    void quorumVariantsOnInMemory_abdNeverStale_minorityW2AlwaysFails(@TempDir Path dir) throws Exception {
        List<Figure> figures = run(BackendConfig.managed("inmemory"), dir);
        figures.forEach(f -> System.out.println(f.row().id() + " " + f.side().id() + " | " + f.variant() + " | "
                + f.metric() + " = " + f.value() + " " + f.unit() + " (" + f.samples() + " " + f.samplesOf() + ") "
                + f.note()));
        assertStructure(figures);
        Figure stale = find(figures, Row.STRONG_CONSISTENCY, Row.Side.ADVANTAGE, QuorumConsistency.STRONG,
                "stale reads").orElseThrow();
        assertThat(stale.value()).as("ABD reads that missed an acknowledged write").isZero();
        Figure failed = find(figures, Row.STRONG_CONSISTENCY, Row.Side.DISADVANTAGE, QuorumConsistency.STRONG,
                "requests failed on the minority side of a partition").orElseThrow();
        assertThat(failed.value()).as("W=2 R=2 calls of clients reaching 1 of 3 replicas").isEqualTo(100.0);
        Figure majority = find(figures, Row.STRONG_CONSISTENCY, Row.Side.DISADVANTAGE, QuorumConsistency.STRONG,
                "requests failed on the majority side of a partition").orElseThrow();
        assertThat(majority.value()).as("W=2 writes of clients reaching 2 of 3 replicas").isZero();
        Figure writes = find(figures, Row.EVENTUAL_CONSISTENCY, Row.Side.ADVANTAGE, QuorumConsistency.EVENTUAL,
                "minority side's writes accepted during a partition").orElseThrow();
        assertThat(writes.value()).as("W=1 puts with the local replica reachable").isEqualTo(100.0);
        assertThat(figures).noneMatch(f -> f.variant().startsWith("etcd") || f.variant().startsWith("redis"));
    }
}
