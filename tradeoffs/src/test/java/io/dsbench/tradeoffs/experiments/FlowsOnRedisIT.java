package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.BackendConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saga and 2PC experiments, quick, on a real Redis (started by the managed backend): the same checks as in memory. */
class FlowsOnRedisIT {
    @TempDir
    Path dir;

    @Test
    void sagaOnRedis() throws Exception {
        SagaExperimentTest.check(QuickRun.figures(new SagaExperiment(), BackendConfig.managed("redis"), dir));
    }

    @Test
    void twoPhaseCommitOnRedis() throws Exception {
        TpcExperimentTest.check(QuickRun.figures(new TpcExperiment(), BackendConfig.managed("redis"), dir));
    }
}
