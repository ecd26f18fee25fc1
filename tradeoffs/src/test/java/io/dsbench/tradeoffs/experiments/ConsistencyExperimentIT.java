package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency experiment on real servers, quick: structure, and what the strong variants guarantee (no stale
 * read; clients cut off from the majority get nothing done; a frozen primary answers no read).
 */
class ConsistencyExperimentIT {

    private static void print(List<Figure> figures) {
        figures.forEach(f -> System.out.println(f.row().id() + " " + f.side().id() + " | " + f.variant() + " | "
                + f.metric() + " = " + f.value() + " " + f.unit() + " (" + f.samples() + " " + f.samplesOf() + ") "
                + f.note()));
    }

    private static double value(List<Figure> figures, Row row, Row.Side side, String variant, String metric) {
        return ConsistencyExperimentTest.find(figures, row, side, variant, metric)
                .orElseThrow(() -> new AssertionError("no figure " + variant + " / " + metric)).value();
    }

    @Test
    void etcd_linearizableReadsNeverStale_isolatedFollowerServesNoLinearizableCall(@TempDir Path dir)
            throws Exception {
        List<Figure> figures = ConsistencyExperimentTest.run(BackendConfig.managed("etcd"), dir);
        print(figures);
        ConsistencyExperimentTest.assertStructure(figures);
        assertThat(value(figures, Row.STRONG_CONSISTENCY, Row.Side.ADVANTAGE, EtcdConsistency.STRONG,
                "stale reads")).as("linearizable reads that missed an acknowledged write").isZero();
        assertThat(value(figures, Row.STRONG_CONSISTENCY, Row.Side.ADVANTAGE, QuorumConsistency.STRONG,
                "stale reads")).as("ABD reads that missed an acknowledged write").isZero();
        assertThat(value(figures, Row.STRONG_CONSISTENCY, Row.Side.DISADVANTAGE, EtcdConsistency.STRONG,
                "requests failed on the minority side of a partition"))
                .as("linearizable gets and puts through the isolated follower").isEqualTo(100.0);
        assertThat(figures).anyMatch(f -> f.variant().equals(EtcdConsistency.EVENTUAL)
                && f.metric().equals("minority side's reads answered during a partition") && f.samples() > 0);
    }

    @Test
    void redis_primaryReadsNeverStale_frozenPrimaryAnswersNoRead(@TempDir Path dir) throws Exception {
        List<Figure> figures = ConsistencyExperimentTest.run(BackendConfig.managed("redis"), dir);
        print(figures);
        ConsistencyExperimentTest.assertStructure(figures);
        assertThat(value(figures, Row.STRONG_CONSISTENCY, Row.Side.ADVANTAGE, RedisConsistency.STRONG,
                "stale reads")).as("primary reads that missed an acknowledged write").isZero();
        assertThat(value(figures, Row.STRONG_CONSISTENCY, Row.Side.DISADVANTAGE, RedisConsistency.STRONG,
                "reads failed while the primary was unreachable")).isEqualTo(100.0);
    }
}
