package io.dsbench.tradeoffs.experiments;

import static io.dsbench.tradeoffs.Row.SINGLE_LEADER;
import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.tradeoffs.Figure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-memory: one store orders every write (the order check runs and finds no conflict), and there is no failover
 * to time. The order check itself is shown to catch a fork and a duplicate version.
 */
class FailoverExperimentTest {
    @TempDir
    Path dir;

    @Test
    void inMemory_ordersEveryWrite_andHasNoFailoverToTime() throws Exception {
        FailoverExperiment e = new FailoverExperiment();
        List<Figure> figures = ReplicationRuns.quick(e, BackendConfig.builder("inmemory").build(), dir);
        ReplicationRuns.assertShape(e, figures);
        Figure conflicts = ReplicationRuns.find(figures, SINGLE_LEADER, ADVANTAGE, "in-memory", "conflicting writes")
                .orElseThrow();
        assertThat(conflicts.samples()).isPositive();
        assertThat(conflicts.value()).isZero();
        assertThat(figures).filteredOn(f -> f.side() == DISADVANTAGE).singleElement()
                .matches(f -> !f.measured() && f.reason().contains("no replica to fail over to"));
    }

    @Test
    void writeOrder_countsForksAndDuplicates() {
        WriteOrder order = new WriteOrder(1);
        KeyValueStore kv = io.dsbench.spi.Backends.open(BackendConfig.builder("inmemory").build()).keyValue("w");
        order.step(kv, 0, 0);
        order.step(kv, 0, 1);
        assertThat(order.check()).matches(r -> r.writes() == 2 && r.conflicts() == 0 && r.keys() == 1);
        // two leaders: a second store accepts the same writes on the same bases, with the same versions
        KeyValueStore other = io.dsbench.spi.Backends.open(BackendConfig.builder("inmemory").build()).keyValue("w");
        order.step(other, 0, 0);
        WriteOrder.Result r = order.check();
        assertThat(r.forks()).isEqualTo(1);
        assertThat(r.duplicates()).isEqualTo(1);
    }
}
