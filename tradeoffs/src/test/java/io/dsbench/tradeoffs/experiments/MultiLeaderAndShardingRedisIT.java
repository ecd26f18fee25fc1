package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-leader and sharding experiments, quick profile, on a managed Redis server each: both sides of every row
 * measured, and the facts that do not depend on timing (every write accepted during the partition, nothing dropped
 * by a single leader, a range scan fans out to fewer shards under range routing, no scanned key missing).
 */
class MultiLeaderAndShardingRedisIT {
    @TempDir
    Path dir;

    @Test
    void bothExperimentsMeasureEveryCellOnRedis() throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (Experiment e : List.of(new MultiLeaderExperiment(), new ShardingExperiment())) {
            List<Figure> mine = Collections.synchronizedList(new ArrayList<>());
            try (ExperimentContext ctx = ExperimentContext.of(e, BackendConfig.managed("redis"), true, 3,
                    dir.resolve(e.id()), line -> { }, mine::add)) {
                e.run(ctx);
            }
            for (Row row : e.rows()) {
                for (Row.Side side : Row.Side.values()) {
                    assertThat(mine).as("%s %s %s", e.id(), row, side)
                            .anyMatch(f -> f.row() == row && f.side() == side && f.measured());
                }
            }
            figures.addAll(mine);
        }
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.backend()).isEqualTo("redis");
            assertThat(f.samples()).as("%s", f).isPositive();
            assertThat(f.note()).as("%s", f).doesNotContain("first failure").doesNotContain("found no value");
        });
        assertThat(value(figures, Row.MULTI_LEADER, "share of writes accepted during the partition")).isEqualTo(100.0);
        assertThat(figures).filteredOn(f -> f.variant().startsWith("single-leader")
                && f.metric().equals("writes dropped by LWW")).singleElement()
                .satisfies(f -> assertThat(f.value()).isZero());
        assertThat(figures).filteredOn(f -> f.metric().equals("siblings left for merge"))
                .allSatisfy(f -> assertThat(f.note()).contains("the same at all 3 leaders: true"));
        double rangeTouched = value(figures, Row.RANGE_SHARDING, "shards touched per range scan");
        assertThat(figures).filteredOn(f -> f.row() == Row.HASH_SHARDING
                && f.metric().equals("shards touched per range scan"))
                .hasSize(4).allSatisfy(f -> assertThat(f.value()).isGreaterThan(rangeTouched));
    }

    private static double value(List<Figure> figures, Row row, String metric) {
        return figures.stream().filter(f -> f.row() == row && f.metric().equals(metric)).findFirst().orElseThrow()
                .value();
    }
}
