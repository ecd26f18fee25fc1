package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpcExperimentTest {
    @TempDir
    Path dir;

    @Test
    void quickOnInMemoryFillsBothSidesAndCommitsAtomically() throws Exception {
        check(QuickRun.figures(new TpcExperiment(), BackendConfig.managed("inmemory"), dir));
    }

    /** The structure and the deterministic facts, on any backend. */
    static void check(List<Figure> figures) {
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.row()).isEqualTo(Row.TWO_PHASE_COMMIT);
            assertThat(f.measured()).as(f.metric()).isTrue();
            assertThat(f.samples()).as(f.metric()).isPositive();
            assertThat(f.unit()).isNotBlank();
            assertThat(f.command()).contains("--experiments 2pc");
        });
        for (Row.Side side : Row.Side.values()) {
            assertThat(figures).as(side.id()).anyMatch(f -> f.side() == side && f.variant().equals("2PC"));
        }
        assertThat(figures).anyMatch(f -> f.variant().equals("saga of the same steps (plain writes)"))
                .anyMatch(f -> f.variant().equals("saga of the same steps (idempotent steps)"));
        Figure partial = figure(figures, "partial commits");
        assertThat(partial.value()).as(partial.note()).isZero();
        assertThat(partial.note()).contains("0 whole transactions disagreeing", "0 locks left held");
        // a prepared participant never decides alone: every probe before the recovery is refused
        Figure probes = figure(figures, "conflicting transactions refused while blocked");
        assertThat(probes.value()).isEqualTo((double) probes.samples());
        Figure blocked = figure(figures, "participants blocked after a coordinator kill p50");
        int kills = (int) (blocked.samples() + probes.samples());
        assertThat(blocked.note()).startsWith(3 * kills + " of " + 3 * kills + " participants were in doubt");
        assertThat(blocked.value()).isPositive();
    }

    private static Figure figure(List<Figure> figures, String metric) {
        return figures.stream().filter(f -> f.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + metric));
    }
}
