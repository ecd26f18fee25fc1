package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SagaExperimentTest {
    @TempDir
    Path dir;

    @Test
    void quickOnInMemoryFillsBothSidesWithTheFlowsFacts() throws Exception {
        check(QuickRun.figures(new SagaExperiment(), BackendConfig.managed("inmemory"), dir));
    }

    /** The structure and the deterministic facts, on any backend. */
    static void check(List<Figure> figures) {
        assertThat(figures).allSatisfy(f -> {
            assertThat(f.row()).isEqualTo(Row.SAGA);
            assertThat(f.measured()).as(f.metric()).isTrue();
            assertThat(f.samples()).as(f.metric()).isPositive();
            assertThat(f.unit()).isNotBlank();
            assertThat(f.command()).contains("--experiments saga");
        });
        for (Row.Side side : Row.Side.values()) {
            for (String style : List.of("orchestration", "choreography")) {
                assertThat(figures).as(side + " " + style)
                        .anyMatch(f -> f.side() == side && f.variant().equals(style));
            }
        }
        // deterministic facts of the flow: the orchestrator writes every saga's records alone, in one trace;
        // a choreographed saga is one trace too (W3C context in each event) but written by several processes
        assertThat(value(figures, "orchestration", "processes recording one saga")).isEqualTo(1.0);
        assertThat(value(figures, "choreography", "processes recording one saga")).isGreaterThan(1.0);
        assertThat(figures).filteredOn(f -> f.metric().equals("processes recording one saga"))
                .allSatisfy(f -> assertThat(f.note()).contains("1.00 trace(s)"));
        // per saga (exact counts in SagaStylesTest): choreography publishes n + 1 = 5 events when it completes,
        // 2k + 2 when step k in 1..3 refuses; orchestration 2n + 2 = 10 records + 4 calls, or 4k + 4 + 2k + 1
        assertThat(value(figures, "choreography", "messages per saga")).isBetween(4.0, 8.0);
        assertThat(value(figures, "orchestration", "messages per saga")).isBetween(11.0, 23.0);
        assertThat(value(figures, "orchestration", "steps per saga"))
                .isEqualTo(value(figures, "choreography", "steps per saga"));
        assertThat(value(figures, "choreography", "redeliveries per consumer crash")).isGreaterThanOrEqualTo(1.0);
    }

    private static double value(List<Figure> figures, String variant, String metric) {
        return figures.stream().filter(f -> f.variant().equals(variant) && f.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + variant + " " + metric)).value();
    }
}
