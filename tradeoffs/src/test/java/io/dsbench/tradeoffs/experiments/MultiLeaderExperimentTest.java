package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiLeaderExperimentTest {
    /** No cap on a phase: the deterministic checks need every scheduled write. */
    private static final java.time.Duration LONG = java.time.Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void quickRunOnInMemoryFillsBothSidesAndEveryWriteIsAcceptedDuringThePartition() throws Exception {
        MultiLeaderExperiment e = new MultiLeaderExperiment();
        List<Figure> figures = Collections.synchronizedList(new ArrayList<>());
        try (ExperimentContext ctx = ExperimentContext.of(e, BackendConfig.managed("inmemory"), true, 7, dir,
                line -> { }, figures::add)) {
            e.run(ctx);
        }
        assertThat(figures).isNotEmpty().allSatisfy(f -> {
            assertThat(f.row()).isEqualTo(Row.MULTI_LEADER);
            assertThat(f.measured()).as("%s", f).isTrue();
            assertThat(f.samples()).as("%s", f).isPositive();
            assertThat(f.unit()).isNotBlank();
            assertThat(f.backend()).isEqualTo("inmemory");
            assertThat(f.command()).contains("--experiments multi-leader");
        });
        assertThat(figures).extracting(Figure::side).contains(Row.Side.ADVANTAGE, Row.Side.DISADVANTAGE);
        for (int leader = 0; leader < MultiLeaderExperiment.LEADERS; leader++) {
            assertThat(figures).extracting(Figure::metric).contains("write latency p50, leader " + leader,
                    "write latency p99, leader " + leader);
        }
        assertThat(one(figures, "share of writes accepted during the partition").value()).isEqualTo(100.0);
        Figure accepted = one(figures, "writes accepted during the partition");
        assertThat(accepted.value()).as("accepted = attempted").isEqualTo((double) accepted.samples());
        Figure singleDrops = figures.stream().filter(f -> f.variant().startsWith("single-leader")
                && f.metric().equals("writes dropped by LWW")).findFirst().orElseThrow();
        assertThat(singleDrops.value()).as("one leader orders every write: nothing to drop").isZero();
        assertThat(figures).filteredOn(f -> f.metric().equals("siblings left for merge")).hasSize(2);
    }

    /**
     * With every link cut, a key written by k leaders ends (after heal) with k siblings in the version-vector store,
     * and LWW drops k - 1 writes of it (each losing leader's last write), every one of them a write the version
     * vectors call concurrent: all of it follows from the seeded schedule, so it is checked exactly.
     */
    @Test
    void partitionedConflictsDropsAndSiblingsFollowTheSchedule() throws Exception {
        long seed = 11;
        int writes = 40;
        Map<String, Set<Integer>> writers = new HashMap<>();
        Map<String, Integer> writesPerKey = new HashMap<>();
        for (int c = 0; c < MultiLeaderExperiment.LEADERS; c++) {
            for (String key : MultiLeaderWorkload.schedule(seed, c, writes, MultiLeaderExperiment.KEYS)) {
                writers.computeIfAbsent(key, k -> new HashSet<>()).add(c);
                writesPerKey.merge(key, 1, Integer::sum);
            }
        }
        long expectedDrops = 0;
        long expectedSiblings = 0;
        long expectedConflicts = 0;
        for (Map.Entry<String, Set<Integer>> e : writers.entrySet()) {
            int k = e.getValue().size();
            expectedDrops += k - 1;
            if (k > 1) {
                expectedSiblings += k;
                expectedConflicts += writesPerKey.get(e.getKey());
            }
        }
        assertThat(expectedDrops).as("the schedule makes conflicts").isPositive();
        try (Backend backend = Backends.open(BackendConfig.managed("inmemory"))) {
            MultiLeaderExperiment.LwwPhase lww = MultiLeaderExperiment.lww(backend, "t-lww", seed, writes, c -> c, true,
                    LONG, 0);
            assertThat(lww.result().accepted()).isEqualTo(lww.result().attempted()).isEqualTo(3L * writes);
            assertThat(lww.dropped()).as("LwwStore.droppedWrites after heal").isEqualTo(expectedDrops);
            assertThat(lww.conflicts()).isEqualTo(expectedConflicts);
            assertThat(lww.conflictIds()).as("every dropped write was concurrent with another")
                    .containsAll(lww.droppedIds());
            MultiLeaderExperiment.VvPhase vv = MultiLeaderExperiment.vv(backend, "t-vv", seed, writes, true, LONG);
            assertThat(vv.siblings()).isEqualTo(expectedSiblings);
            assertThat(vv.conflicts()).isEqualTo(expectedConflicts);
            assertThat(vv.converged()).isTrue();

            MultiLeaderExperiment.LwwPhase single = MultiLeaderExperiment.lww(backend, "t-single", seed, writes,
                    c -> 0, false, LONG, 0);
            assertThat(single.conflicts()).as("one leader orders every write").isZero();
            assertThat(single.dropped()).isZero();
            MultiLeaderExperiment.LwwPhase connected = MultiLeaderExperiment.lww(backend, "t-multi", seed, writes,
                    c -> c, false, LONG, 5);
            assertThat(connected.conflictIds()).containsAll(connected.droppedIds());
            assertThat(connected.visible().count()).isEqualTo(5);
            // the engine stamps records in whole milliseconds: a record may ship up to 1 ms before the full lag
            assertThat(connected.visible().percentileMs(50)).as("not before the replication lag")
                    .isGreaterThanOrEqualTo(MultiLeaderExperiment.LAG.toMillis() - 1.0);
        }
    }

    private static Figure one(List<Figure> figures, String metric) {
        List<Figure> m = figures.stream().filter(f -> f.metric().equals(metric)).toList();
        assertThat(m).as(metric).hasSize(1);
        return m.get(0);
    }
}
