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
import java.util.Optional;

/** Runs one experiment on one backend in the quick profile, as the runner does, and checks the figures' shape. */
final class ReplicationRuns {
    private ReplicationRuns() {
    }

    static List<Figure> quick(Experiment e, BackendConfig config, Path dir) throws Exception {
        List<Figure> figures = Collections.synchronizedList(new ArrayList<>());
        try (ExperimentContext ctx = ExperimentContext.of(e, config, true, 1L, dir.resolve(e.id()),
                line -> System.out.println(line), figures::add)) {
            e.run(ctx);
        }
        for (Figure f : figures) {
            System.out.println(f.backend() + " | " + f.row().id() + " | " + f.side().id() + " | " + f.variant() + " | "
                    + f.metric() + " = " + (f.measured() ? f.value() + " " + f.unit() + " (" + f.samples() + " "
                    + f.samplesOf() + ")" + (f.note() == null ? "" : "; " + f.note()) : "unmeasured: " + f.reason()));
        }
        return List.copyOf(figures);
    }

    /** Both sides of every row the experiment lists have figures; measured ones have units and samples. */
    static void assertShape(Experiment e, List<Figure> figures) {
        for (Row r : e.rows()) {
            for (Row.Side s : Row.Side.values()) {
                assertThat(figures).as(r.id() + " " + s.id()).anyMatch(f -> f.row() == r && f.side() == s);
            }
        }
        assertThat(figures).allMatch(f -> e.rows().contains(f.row()));
        for (Figure f : figures) {
            if (f.measured()) {
                assertThat(f.unit()).as(f.metric()).isNotBlank();
                assertThat(f.samples()).as(f.metric()).isPositive();
                assertThat(f.value()).as(f.metric()).isGreaterThanOrEqualTo(0);
            } else {
                assertThat(f.reason()).as(f.metric()).isNotBlank();
            }
            assertThat(f.command()).contains("--experiments " + e.id());
        }
    }

    static Optional<Figure> find(List<Figure> figures, Row row, Row.Side side, String variantPart, String metric) {
        return figures.stream().filter(f -> f.row() == row && f.side() == side && f.variant().contains(variantPart)
                && f.metric().equals(metric)).findFirst();
    }
}
