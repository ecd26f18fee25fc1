package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * The caching experiment's quick profile on a managed Redis (started and stopped by the experiment's context): the
 * same structure and facts as on the in-memory backend ({@link CachingExperimentTest}), with the cache and the store
 * on a real server.
 */
class CachingExperimentRedisIT {
    @Test
    void quickRun_fillsTheRow_andShowsTheDeterministicFacts(@TempDir Path dir) throws Exception {
        List<Figure> figures = CachingExperimentTest.runQuick(BackendConfig.managed("redis"), dir);
        CachingExperimentTest.assertStructure(figures, "redis");
        CachingExperimentTest.assertFacts(figures);
    }
}
