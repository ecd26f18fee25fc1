package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs an experiment in quick mode for a test; prints and returns its figures. */
final class QuickRun {
    private QuickRun() {
    }

    static List<Figure> figures(Experiment e, BackendConfig config, Path dir) throws Exception {
        List<Figure> figures = new CopyOnWriteArrayList<>();
        try (ExperimentContext ctx = ExperimentContext.of(e, config, true, 7L, dir, System.out::println,
                figures::add)) {
            e.run(ctx);
        }
        figures.forEach(f -> System.out.println(f.side() + " | " + f.variant() + " | " + f.metric() + " = "
                + f.value() + " " + f.unit() + " (" + f.samples() + " " + f.samplesOf() + ") " + f.note()));
        return figures;
    }
}
