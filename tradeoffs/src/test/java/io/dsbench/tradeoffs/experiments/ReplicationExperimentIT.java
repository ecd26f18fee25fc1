package io.dsbench.tradeoffs.experiments;

import static io.dsbench.tradeoffs.Row.ASYNC_REPLICATION;
import static io.dsbench.tradeoffs.Row.SYNC_REPLICATION;
import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication experiment, quick profile, on real servers. Deterministic facts asserted: with WAIT for both
 * replicas no acknowledged write is lost when the primary is killed (WAIT returned 2, so the promoted replica has
 * it), and none on etcd (Raft acknowledges after a majority). Latencies and the asynchronous loss are only shown.
 */
class ReplicationExperimentIT {
    @TempDir
    Path dir;

    @Test
    void redis_waitForAllReplicas_losesNoAcknowledgedWrite() throws Exception {
        ReplicationExperiment e = new ReplicationExperiment();
        List<Figure> figures = ReplicationRuns.quick(e, BackendConfig.builder("redis").build(), dir);
        ReplicationRuns.assertShape(e, figures);
        for (String links : List.of("loopback links", "links +" + ReplicationExperiment.LINK_DELAY_MS + " ms")) {
            Figure sync = ReplicationRuns.find(figures, SYNC_REPLICATION, ADVANTAGE, links,
                    "acknowledged writes lost on primary kill").orElseThrow();
            assertThat(sync.samples()).isPositive();
            assertThat(sync.value()).as(links).isZero();
            assertThat(ReplicationRuns.find(figures, ASYNC_REPLICATION, DISADVANTAGE, links,
                    "acknowledged writes lost on primary kill")).get().matches(f -> f.samples() > 0);
            assertThat(ReplicationRuns.find(figures, ASYNC_REPLICATION, ADVANTAGE, links, "write latency p50"))
                    .get().matches(Figure::measured);
            assertThat(ReplicationRuns.find(figures, SYNC_REPLICATION, DISADVANTAGE, links, "write latency p99"))
                    .get().matches(Figure::measured);
        }
    }

    @Test
    void etcd_raftLosesNoAcknowledgedWrite_andHasNoAsynchronousMode() throws Exception {
        ReplicationExperiment e = new ReplicationExperiment();
        List<Figure> figures = ReplicationRuns.quick(e, BackendConfig.builder("etcd").build(), dir);
        ReplicationRuns.assertShape(e, figures);
        Figure lost = ReplicationRuns.find(figures, SYNC_REPLICATION, ADVANTAGE, "Raft",
                "acknowledged writes lost on leader kill").orElseThrow();
        assertThat(lost.samples()).isPositive();
        assertThat(lost.value()).isZero();
        assertThat(figures).filteredOn(f -> f.row() == ASYNC_REPLICATION).hasSize(2).noneMatch(Figure::measured)
                .allMatch(f -> f.reason().contains("no asynchronous replication"));
    }
}
