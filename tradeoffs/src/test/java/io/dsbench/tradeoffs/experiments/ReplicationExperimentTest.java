package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On in-memory there are no replicas: every cell of both rows says so. */
class ReplicationExperimentTest {
    @TempDir
    Path dir;

    @Test
    void inMemory_hasNoReplicas_everyCellSaysWhy() throws Exception {
        ReplicationExperiment e = new ReplicationExperiment();
        List<Figure> figures = ReplicationRuns.quick(e, BackendConfig.builder("inmemory").build(), dir);
        ReplicationRuns.assertShape(e, figures);
        assertThat(figures).hasSize(4).noneMatch(Figure::measured)
                .allMatch(f -> f.reason().contains("no replicas to copy writes to"));
    }
}
