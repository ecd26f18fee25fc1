package io.dsbench.cli;

import io.dsbench.spi.BackendConfig;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.Experiments;
import io.dsbench.tradeoffs.Row;
import io.dsbench.tradeoffs.TradeoffsResult;
import io.dsbench.tradeoffs.TradeoffsRunner;
import io.dsbench.tradeoffs.TradeoffsTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code dsbench tradeoffs}: the specification's trade-off table, measured. One experiment per decision (consistency,
 * leadership, replication, sharding, sagas, caching, 2PC) on each backend; every advantage and disadvantage becomes
 * a figure from this run, in {@code tradeoffs.json} and the report's "Trade-offs, measured" section.
 */
@Command(name = "tradeoffs", mixinStandardHelpOptions = true,
        description = {"Measures the specification's trade-off table on your backends: for each design decision",
            "(strong vs eventual consistency, single- vs multi-leader, synchronous vs asynchronous replication, hash vs",
            "range sharding, saga orchestration vs choreography, caching, 2PC) an experiment that runs the project's",
            "patterns, backends, nemeses and checkers and turns each advantage and disadvantage into a number with",
            "its unit, sample size and the command that reproduces it. Cells that cannot be measured on a backend",
            "say why. Writes <out>/<run-id>/tradeoffs.json (+ tradeoffs/<experiment>-<backend>/), run.json and the",
            "report."},
        footer = {"", "Examples:",
            "  dsbench tradeoffs --quick                               # in-memory, a smoke test",
            "  dsbench tradeoffs --backends inmemory,redis,etcd        # the whole table (see README for its time)",
            "  dsbench tradeoffs --experiments consistency --backends etcd",
            "", "Exit codes:",
            "  0  every experiment ran (cells it could not measure say why)",
            "  1  an experiment failed on a backend (the rest still ran; its cells name the error)",
            "  2  bad usage: an unknown backend, experiment or row (the names are listed), a bad --seed",
            "  130 interrupted: what was measured is kept"})
public final class TradeoffsCommand implements Callable<Integer> {
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    RunIdOption runId = new RunIdOption();

    @Option(names = "--quick", description = "Each experiment briefly (seconds per backend): a smoke test, not"
            + " figures to quote.")
    boolean quick;

    @Option(names = "--experiments", paramLabel = "E[,E]",
            description = "Only these experiments, by id or by row id (default: all). 'dsbench tradeoffs --list' shows"
                    + " them.")
    String experiments;

    @Option(names = "--list", description = "List the experiments and the rows each fills, then exit.")
    boolean list;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every random choice (default: a new one,"
            + " printed and recorded, so --seed replays the run's choices).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Directory for results (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        List<Experiment> chosen = Experiments.select(experiments); // unknown: IllegalArgumentException, exit 2
        if (list) {
            for (Experiment e : Experiments.all()) {
                o.println(e.id() + ": " + String.join(", ", e.rows().stream().map(Row::id).toList()));
                o.println("    " + e.method());
            }
            o.flush();
            return 0;
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no experiment is built in (Experiments.all() is empty)");
        }
        Instant started = Instant.now();
        List<BackendConfig> configs = backendOptions.configs();
        long s = seed != null ? seed : (System.nanoTime() ^ System.currentTimeMillis()) & 0xffffffL;
        ResultsWriter writer = ResultsWriter.create(out, runId.runId()); // an unwritable --out: exit 2 first
        TradeoffsRunner runner = new TradeoffsRunner(new TradeoffsRunner.Options(configs, chosen, quick, s,
                writer.dir(), line -> {
                    o.println(line);
                    o.flush();
                }, RunRecord.commandLine(spec)));
        o.println("dsbench tradeoffs " + writer.runId() + ": backends " + configs.stream().map(BackendConfig::backend)
                .toList() + (quick ? ", quick" : "") + ", seed " + s + "; " + chosen.size() + " experiments ("
                + String.join(", ", chosen.stream().map(Experiment::id).toList()) + "), about "
                + TradeoffsRunner.seconds(runner.estimate()) + " estimated");
        o.flush();
        Thread hook = new Thread(() -> runner.result().write(runner.file()), "dsbench-tradeoffs-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        TradeoffsResult result;
        try {
            result = runner.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook writes what was measured
            }
        }
        o.println();
        TradeoffsTable.print(result.figures(), o);
        o.println();
        Map<String, String> failures = result.failures();
        failures.forEach((k, v) -> o.println("FAILED " + k + ": " + v));
        int exit = failures.isEmpty() ? 0 : 1;
        List<RunRecord.BackendInfo> infos = new ArrayList<>();
        configs.forEach(c -> infos.add(RunRecord.BackendInfo.of(c.backend(), null)));
        Reporting.finish(writer, spec, started, exit, infos, o);
        o.println("Results: " + runner.file() + " (also " + writer.latestLink() + ")");
        o.flush();
        return exit;
    }
}
