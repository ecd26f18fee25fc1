package io.dsbench.jmh;

import io.dsbench.jmh.support.BenchBackend;
import io.dsbench.spi.Backends;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * One {@link JmhBenchmarks#run} call: plans one JMH run per benchmark x backend x parameter combination x mode,
 * runs them one by one (each in its own forked JVM), turns each into a {@link JmhBenchmarks.Row} and keeps JMH's
 * JSON of everything finished so far in {@code jmhJson}.
 */
final class BenchRun {
    /** Parameter values used in quick mode (the others keep every declared value). */
    static final Map<String, List<String>> QUICK_PARAMS = Map.of(
            "nodes", List.of("1000"),
            "strategy", List.of("cache-aside"),
            "mode", List.of("plain"));

    private final JmhBenchmarks.Options o;
    private final Settings settings;

    /**
     * Iteration settings of one kind of run.
     *
     * @param forks      JMH forks per run; with {@code sharedFork}, ignored (each run is in the shared JVM)
     * @param sharedFork whether every run of one backend runs in ONE forked JVM ({@link SharedFork}: JMH inside it
     *                   with {@code forks = 0}, the backend and its servers opened once and shared), instead of one
     *                   forked JVM per run
     */
    record Settings(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
            List<Mode> modes, boolean sharedFork) {
        Settings(int forks, int warmups, TimeValue warmupTime, int iterations, TimeValue iterationTime,
                List<Mode> modes) {
            this(forks, warmups, warmupTime, iterations, iterationTime, modes, false);
        }

        /** Seconds one forked run is expected to take, JVM start included (for the ETA). */
        double expectedSeconds() {
            double s = sharedFork ? 0.3 : 1.5; // JVM start, class loading, backend start
            s += warmups * warmupTime.convertTo(TimeUnit.MILLISECONDS) / 1000.0;
            s += iterations * iterationTime.convertTo(TimeUnit.MILLISECONDS) / 1000.0;
            return sharedFork ? s : s * forks;
        }
    }

    static final Settings QUICK = new Settings(1, 1, TimeValue.seconds(1), 2, TimeValue.milliseconds(500),
            List.of(Mode.Throughput), true);
    static final Settings FULL = new Settings(2, 3, TimeValue.seconds(1), 5, TimeValue.seconds(1),
            List.of(Mode.Throughput, Mode.SampleTime));

    /** One forked JMH run. */
    record Unit(Catalog.Info info, String backend, Map<String, String> params, Mode mode) {
        String describe() {
            StringBuilder b = new StringBuilder(info.name()).append(' ').append(backend);
            if (!params.isEmpty()) {
                b.append(' ').append(params);
            }
            return b.append(' ').append(mode.shortLabel()).toString();
        }
    }

    BenchRun(JmhBenchmarks.Options o) {
        this(o, o.quick() ? QUICK : FULL);
    }

    BenchRun(JmhBenchmarks.Options o, Settings settings) {
        this.o = o;
        this.settings = settings;
    }

    List<JmhBenchmarks.Row> run() throws IOException, InterruptedException {
        List<Unit> units = plan();
        Path json = o.jmhJson().toAbsolutePath();
        Files.createDirectories(json.getParent());
        Path log = json.resolveSibling("jmh-output.log");
        if (settings.sharedFork()) {
            return new SharedForkRun(this, units, json, log).run();
        }
        List<RunResult> results = new ArrayList<>();
        List<JmhBenchmarks.Row> rows = new ArrayList<>();
        writeJson(json, results);
        long start = System.nanoTime();
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < units.size(); i++) {
                Unit u = units.get(i);
                out.println("### dsbench: " + u.describe());
                List<JmhBenchmarks.Row> unitRows;
                try {
                    Collection<RunResult> rr = new Runner(options(u), format(out)).run();
                    results.addAll(rr);
                    unitRows = new ArrayList<>();
                    for (RunResult r : rr) {
                        unitRows.add(row(u, r));
                    }
                    if (unitRows.isEmpty()) {
                        unitRows.add(failed(u, "JMH returned no result"));
                    }
                } catch (Exception e) {
                    out.println("### dsbench: failed: " + e);
                    unitRows = List.of(failed(u, reason(e)));
                }
                rows.addAll(unitRows);
                writeJson(json, results);
                report(i + 1, units.size(), start, unitRows);
            }
        }
        return rows;
    }

    /** Validates the options and lists the runs, per-backend benchmarks first for each backend. */
    List<Unit> plan() {
        if (o.backends().isEmpty()) {
            throw new IllegalArgumentException("--backends: no backend named");
        }
        for (String b : o.backends()) {
            Backends.provider(b); // IllegalArgumentException naming the available ones
        }
        for (String b : o.endpoints().keySet()) {
            if (!o.backends().contains(b)) {
                throw new IllegalArgumentException("--endpoint names backend '" + b + "', which is not in --backends "
                        + o.backends());
            }
        }
        List<Catalog.Info> selected = Catalog.load().select(o.includeRegex());
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("--include '" + o.includeRegex() + "' matches no benchmark; known: "
                    + String.join(", ", Catalog.load().names(null)));
        }
        List<Unit> units = new ArrayList<>();
        for (String backend : o.backends()) {
            for (Catalog.Info info : selected) {
                if (info.perBackend()) {
                    addUnits(units, info, backend);
                }
            }
        }
        if (o.backends().contains("inmemory")) {
            for (Catalog.Info info : selected) {
                if (!info.perBackend()) {
                    addUnits(units, info, "inmemory");
                }
            }
        }
        return units;
    }

    private void addUnits(List<Unit> units, Catalog.Info info, String backend) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> p : info.params().entrySet()) {
            if (p.getKey().equals(Catalog.BACKEND_PARAM)) {
                continue;
            }
            List<String> values = o.quick() ? QUICK_PARAMS.getOrDefault(p.getKey(), p.getValue()) : p.getValue();
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : values) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(p.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        for (Map<String, String> c : combos) {
            for (Mode m : settings.modes()) {
                units.add(new Unit(info, backend, c, m));
            }
        }
    }

    org.openjdk.jmh.runner.options.Options options(Unit u) {
        return options(u, settings, o.endpoints());
    }

    Settings settings() {
        return settings;
    }

    JmhBenchmarks.Options options() {
        return o;
    }

    /** JMH's options of one run; in a shared fork, {@code forks = 0} (the run is in the JVM calling JMH). */
    static org.openjdk.jmh.runner.options.Options options(Unit u, Settings settings,
            Map<String, List<String>> endpoints) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + Pattern.quote(u.info().jmhName()) + "$")
                .shouldFailOnError(true)
                .forks(settings.sharedFork() ? 0 : settings.forks())
                .warmupIterations(settings.warmups())
                .warmupTime(settings.warmupTime())
                .measurementIterations(settings.iterations())
                .measurementTime(settings.iterationTime())
                .mode(u.mode())
                .timeUnit(u.mode() == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MICROSECONDS)
                .timeout(TimeValue.minutes(2));
        if (!settings.sharedFork()) {
            b.jvmArgs(forkJvmArgs(endpoints).toArray(String[]::new));
        }
        if (u.info().perBackend()) {
            b.param(Catalog.BACKEND_PARAM, u.backend());
        }
        u.params().forEach((k, v) -> b.param(k, v));
        return b.build();
    }

    /** Heap and GC fixed (not inherited from whatever JVM runs dsbench), plus the external endpoints. */
    List<String> forkJvmArgs() {
        return forkJvmArgs(o.endpoints());
    }

    static List<String> forkJvmArgs(Map<String, List<String>> endpoints) {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx2g", "-XX:+UseParallelGC"));
        endpoints.forEach((backend, uris) ->
                args.add("-D" + BenchBackend.ENDPOINT_PROPERTY + backend + "=" + String.join(",", uris)));
        return args;
    }

    static OutputFormat format(PrintStream out) {
        PrintStream shield = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }

            @Override
            public void close() {
                out.flush(); // JMH closes its output at the end of each run; the log stays open for the next
            }
        }, true, StandardCharsets.UTF_8);
        return OutputFormatFactory.createFormatInstance(shield, VerboseMode.NORMAL);
    }

    static JmhBenchmarks.Row row(Unit u, RunResult r) {
        Result<?> primary = r.getPrimaryResult();
        Double p50 = null;
        Double p99 = null;
        Double p999 = null;
        if (r.getParams().getMode() == Mode.SampleTime) {
            Statistics s = primary.getStatistics();
            p50 = s.getPercentile(50);
            p99 = s.getPercentile(99);
            p999 = s.getPercentile(99.9);
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String k : r.getParams().getParamsKeys()) {
            if (!k.equals(Catalog.BACKEND_PARAM)) {
                params.put(k, r.getParams().getParam(k));
            }
        }
        return new JmhBenchmarks.Row(u.info().name(), u.info().group(), u.backend(), params,
                r.getParams().getMode().shortLabel(), primary.getScore(), primary.getScoreError(),
                primary.getScoreUnit(), p50, p99, p999, "ok", null);
    }

    static JmhBenchmarks.Row failed(Unit u, String reason) {
        return new JmhBenchmarks.Row(u.info().name(), u.info().group(), u.backend(), u.params(),
                u.mode().shortLabel(), Double.NaN, Double.NaN, u.mode() == Mode.Throughput ? "ops/s" : "us/op",
                null, null, null, "failed", reason);
    }

    /** The innermost message: the forked JVM's exception when JMH passed it on, else JMH's own. */
    static String reason(Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            deepest = t;
            for (Throwable s : t.getSuppressed()) {
                Throwable d = s;
                while (d.getCause() != null) {
                    d = d.getCause();
                }
                deepest = d;
            }
        }
        String msg = deepest.getMessage() == null ? deepest.getClass().getName()
                : deepest.getClass().getSimpleName() + ": " + deepest.getMessage();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    void report(int done, int total, long startNanos, List<JmhBenchmarks.Row> rows) {
        if (o.progress() == null) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = elapsed / done * (total - done);
        for (JmhBenchmarks.Row r : rows) {
            String what = r.ok()
                    ? String.format(Locale.ROOT, "%s ± %s %s", fmt(r.score()), fmt(r.error()), r.unit())
                    : "FAILED: " + r.reason();
            o.progress().accept(String.format(Locale.ROOT, "[%d/%d] %-28s %-9s %-40s %-6s %s  (ETA %s)", done, total,
                    r.name(), r.backend(), r.params().isEmpty() ? "" : r.params().toString(), r.mode(), what,
                    duration(eta)));
        }
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.3f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }

    static void writeJson(Path json, List<RunResult> results) throws IOException {
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(tmp), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
