package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardingExperimentTest {
    @TempDir
    Path dir;

    @Test
    void quickRunOnInMemoryFillsBothSidesOfBothRows() throws Exception {
        ShardingExperiment e = new ShardingExperiment();
        List<Figure> figures = Collections.synchronizedList(new ArrayList<>());
        try (ExperimentContext ctx = ExperimentContext.of(e, BackendConfig.managed("inmemory"), true, 5, dir,
                line -> { }, figures::add)) {
            e.run(ctx);
        }
        for (Row row : e.rows()) {
            for (Row.Side side : Row.Side.values()) {
                assertThat(figures).as("%s %s", row, side).anyMatch(f -> f.row() == row && f.side() == side);
            }
        }
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.measured()).as("%s", f).isTrue();
            assertThat(f.samples()).as("%s", f).isPositive();
            assertThat(f.unit()).isNotBlank();
            assertThat(f.backend()).isEqualTo("inmemory");
            assertThat(f.note()).as("%s", f).doesNotContain("found no value");
        });
        // the four hash routers each report imbalance under Zipf and sequential keys and scan fan-out
        assertThat(figures).filteredOn(f -> f.row() == Row.HASH_SHARDING && f.metric().startsWith("load imbalance"))
                .hasSize(8);
        List<Figure> hashTouched = figures.stream().filter(metric(Row.HASH_SHARDING, "shards touched")).toList();
        Figure rangeTouched = figures.stream().filter(metric(Row.RANGE_SHARDING, "shards touched")).findFirst()
                .orElseThrow();
        assertThat(hashTouched).hasSize(4).allSatisfy(h -> assertThat(h.value())
                .as("a hash-sharded scan fans out wider than a range-sharded one: %s", h)
                .isGreaterThan(rangeTouched.value()));
        // a range of 50 consecutive keys spans at most 2 of the 1,250-key ranges
        assertThat(rangeTouched.value()).isBetween(1.0, 2.0);
        // new sequential ids all fall past the last split: the last range takes every insert
        Figure seq = figures.stream().filter(metric(Row.RANGE_SHARDING, "hottest shard's share of load, sequential"))
                .findFirst().orElseThrow();
        assertThat(seq.value()).isEqualTo(100.0);
        assertThat(figures).filteredOn(f -> f.metric().startsWith("range-scan latency")).hasSize(8);
    }

    @Test
    void zipfSamplerFollowsItsDistribution() {
        ZipfKeys z = new ZipfKeys("k", 1000, 0.99);
        java.util.Random random = new java.util.Random(3);
        int[] counts = new int[1000];
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[z.nextRank(random)]++;
        }
        // rank 0 has probability ~0.133 for s = 0.99 over 1,000 ranks; 6 standard deviations of slack
        double p0 = z.probability(0);
        double sd = Math.sqrt(n * p0 * (1 - p0));
        assertThat((double) counts[0]).isBetween(n * p0 - 6 * sd, n * p0 + 6 * sd);
        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[10]);
        assertThat(p0 / z.probability(1)).isCloseTo(Math.pow(2, 0.99), org.assertj.core.data.Offset.offset(1e-9));
    }

    private static Predicate<Figure> metric(Row row, String prefix) {
        return f -> f.row() == row && f.metric().startsWith(prefix);
    }
}
