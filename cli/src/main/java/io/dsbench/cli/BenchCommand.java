package io.dsbench.cli;

import io.dsbench.bench.BenchRunner;
import io.dsbench.bench.BenchSettings;
import io.dsbench.jmh.JmhBenchmarks;
import io.dsbench.spec.BackendException;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dsbench bench}: JMH benchmarks per pattern and backend, open-loop latency in HdrHistogram, client scaling,
 * and the servers' own tools beside dsbench's figures in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measures each backend: JMH benchmarks per pattern (throughput, sample time), open-loop latency with a",
            "rate sweep and its knee, open against closed loop with the server stopped for 1 s, throughput and p99",
            "against client count, and the servers' own tools (redis-benchmark, a raw etcd put loop) beside",
            "dsbench's figures, as ratios. Writes <out>/<run-id>/: jmh.json, latency/<backend>-<op>.hlog,",
            "baselines.json, bench.json, run.json."},
        footer = {"", "Examples:",
            "  dsbench bench --quick                         # in-memory, about 2.5 minutes",
            "  dsbench bench --quick --backends redis        # starts redis-server on loopback",
            "  dsbench bench --backends etcd --include 'sweep|baseline'",
            "", "Exit codes:",
            "  0  every benchmark ran",
            "  1  a benchmark failed or a backend could not be opened (the rest still ran; results kept)",
            "  2  bad usage: an unknown backend, a regex matching no benchmark (the names are listed), ..."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Mixin
    RunIdOption runId = new RunIdOption();

    @Option(names = "--quick", description = "Short runs (under 3 minutes per backend): a smoke test, not figures to"
            + " quote.")
    boolean quick;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Only benchmarks whose name contains a match (Java regex, e.g. 'kv\\.get|sweep'); an unknown"
                    + " one lists the names.")
    String include;

    @Option(names = "--p99-bound-ms", paramLabel = "MS", defaultValue = "10",
            description = "The rate sweep's stated bound: its knee is the highest rate whose p99 stays under it"
                    + " (default: ${DEFAULT-VALUE} ms).")
    double p99BoundMs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Directory for results (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        Instant started = Instant.now();
        List<BackendConfig> configs = backendOptions.configs();
        List<String> backends = configs.stream().map(BackendConfig::backend).toList();
        Pattern regex = compile(include);
        if (!(p99BoundMs > 0) || p99BoundMs > 60_000) {
            throw new IllegalArgumentException("--p99-bound-ms = " + p99BoundMs + " is out of range (legal: > 0 and"
                    + " <= 60000)");
        }
        BenchSettings settings = (quick ? BenchSettings.quickProfile() : BenchSettings.fullProfile())
                .withP99BoundUs(p99BoundMs * 1000);
        List<BenchRunner.Planned> plan = BenchRunner.plan(backends, n -> regex == null || regex.matcher(n).find(),
                settings);
        List<String> jmhNames = jmhNames(include);
        if (plan.isEmpty() && jmhNames.isEmpty()) {
            throw new IllegalArgumentException("--include '" + include + "' matches no benchmark for backends "
                    + backends + "; the benchmarks are: " + String.join(", ", allNames()));
        }
        ResultsWriter writer = ResultsWriter.create(out, runId.runId()); // an unwritable --out: exit 2 before anything runs
        BenchOutput output = new BenchOutput(writer, commandLine(), started, quick, backends);
        o.println("dsbench bench " + writer.runId() + ": backends " + backends + (quick ? ", quick" : "") + "; "
                + plan.size() + " load benchmarks (" + BenchRunner.duration(plan.stream()
                .mapToDouble(BenchRunner.Planned::estimateS).sum()) + " estimated), " + jmhNames.size()
                + " JMH benchmarks" + (jmhNames.isEmpty() ? "" : " " + jmhNames));
        o.flush();
        BenchRunner.Collected collected = output.collected();
        BenchRunner runner = new BenchRunner(settings, plan, writer.dir(), line -> {
            o.println(line);
            o.flush();
        });
        Thread hook = new Thread(() -> output.writeAll(false), "dsbench-bench-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runner.runCore(plan, collected);
            for (BackendConfig config : configs) {
                runBackend(config, plan, runner, collected, output, o);
            }
            if (!jmhNames.isEmpty()) {
                runJmh(configs, output, o);
            }
            output.writeAll(true);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down: the hook writes what was kept
            }
        }
        o.println();
        new BenchTable(output).print(o);
        o.println();
        int exit = output.anyFailed() ? 1 : 0;
        Reporting.finish(writer, spec, started, exit, output.backendInfos(), o); // run.json, then the report
        List<String> files = new ArrayList<>();
        for (String f : List.of("bench.json", "baselines.json", "jmh.json", "run.json", "latency")) {
            if (java.nio.file.Files.exists(writer.dir().resolve(f))) {
                files.add(f.equals("latency") ? "latency/*.hlog" : f);
            }
        }
        o.println("Results: " + writer.dir() + " (" + String.join(", ", files) + "; also " + writer.latestLink() + ")");
        o.flush();
        return exit;
    }

    private void runBackend(BackendConfig config, List<BenchRunner.Planned> plan, BenchRunner runner,
                            BenchRunner.Collected collected, BenchOutput output, PrintWriter o)
            throws InterruptedException {
        String name = config.backend();
        if (plan.stream().noneMatch(p -> p.backend().equals(name))) {
            return;
        }
        String where = config.managed() ? "managed: dsbench starts it"
                : String.join(",", config.endpoints().stream().map(BackendConfig::redact).toList());
        o.println("[" + name + "] opening (" + where + ") ...");
        o.flush();
        Backend b;
        try {
            b = Backends.open(config);
        } catch (BackendException e) {
            if (e.kind() == BackendException.Kind.AUTH) {
                throw new IllegalArgumentException(name + " (" + where + "): " + firstLine(e.getMessage())
                        + "; give the user with --user " + name + "=NAME and the password in DSBENCH_"
                        + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD", e);
            }
            notOpened(name, where, e, plan, runner, collected, o);
            return;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            notOpened(name, where, e, plan, runner, collected, o);
            return;
        }
        output.opened(b);
        try {
            o.println("[" + name + "] " + b.describe());
            o.flush();
            runner.runBackend(b, config, plan, collected);
        } finally {
            if (!config.managed()) {
                try {
                    b.deleteWrittenData();
                } catch (RuntimeException e) {
                    o.println("[" + name + "] could not delete the keys it wrote under " + config.keyPrefix() + "/: "
                            + firstLine(e.getMessage()));
                }
            }
            b.close();
            output.closed(b);
        }
    }

    private static void notOpened(String name, String where, RuntimeException e, List<BenchRunner.Planned> plan,
                                  BenchRunner runner, BenchRunner.Collected collected, PrintWriter o) {
        String why = "backend " + name + " (" + where + ") could not be opened: " + firstLine(KitRunner.describe(e));
        o.println("[" + name + "] " + why);
        o.flush();
        runner.notRun(name, why, plan, collected);
    }

    private void runJmh(List<BackendConfig> configs, BenchOutput output, PrintWriter o) {
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        for (BackendConfig c : configs) {
            if (!c.managed()) {
                endpoints.put(c.backend(), c.endpoints());
            }
        }
        List<String> backends = configs.stream().map(BackendConfig::backend).toList();
        o.println("[jmh] " + backends + (quick ? " quick" : "") + "; JMH's output goes to "
                + output.dir().resolve("jmh-output.log"));
        o.flush();
        try {
            output.jmhRows(JmhBenchmarks.run(new JmhBenchmarks.Options(backends, include, quick,
                    output.dir().resolve("jmh.json"), line -> {
                        o.println("[jmh] " + line);
                        o.flush();
                    }, endpoints)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.jmhFailed("interrupted");
        } catch (Exception e) {
            String why = firstLine(KitRunner.describe(e));
            o.println("[jmh] FAILED: " + why);
            o.flush();
            output.jmhFailed(why);
        }
    }

    private static Pattern compile(String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("--include '" + regex + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** JMH's benchmarks matching {@code regex}; none when JMH's list is missing (said once, on stderr). */
    private List<String> jmhNames(String regex) {
        try {
            return JmhBenchmarks.list(regex);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("dsbench: no JMH benchmark can run: " + firstLine(e.getMessage()));
            return List.of();
        }
    }

    private List<String> allNames() {
        TreeSet<String> names = new TreeSet<>(BenchRunner.NAMES);
        names.addAll(jmhNames(null));
        return new ArrayList<>(names);
    }

    private String commandLine() {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("bench")) {
            args.remove(0); // picocli may hand the subcommand the whole line
        }
        return "dsbench bench" + (args.isEmpty() ? "" : " " + String.join(" ", args));
    }

    static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
