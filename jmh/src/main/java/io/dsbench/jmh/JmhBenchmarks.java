package io.dsbench.jmh;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The entry point {@code dsbench bench} calls: runs the JMH benchmarks of this module through JMH's Runner API and
 * returns one {@link Row} per benchmark, backend, parameter combination and mode.
 *
 * <p>Benchmarks are named by short names ({@code kv.get}, {@code router.lookup}, ...; {@link #list(String)}); the
 * backend-dependent ones run once per selected backend ({@code @Param backend}, any backend found by
 * {@link java.util.ServiceLoader}); the in-process ones (routers, in-memory baselines, checker) run once, with
 * backend {@code inmemory}, and only when {@code inmemory} is selected. Each benchmark x parameter combination x
 * mode is its own JMH run: in the full mode in its own forked JVM, in quick mode in one forked JVM shared by the
 * runs of a backend (the backend opened once, reopened after a failed run); either way a backend that cannot start
 * or dies mid-run fails only the affected rows ({@code status = "failed"}, with the reason) and the others still
 * run. JMH's own JSON ({@code -rf json}) of every
 * finished run is rewritten to {@link Options#jmhJson()} after each run, so partial results survive a crash; JMH's
 * text output (and the forked JVMs' output) goes to {@code jmh-output.log} beside it.
 *
 * <p>Not thread-safe: one run at a time per JVM (JMH itself takes a machine-wide lock, {@code /tmp/jmh.lock}).
 */
public final class JmhBenchmarks {
    private JmhBenchmarks() {
    }

    /**
     * What to run.
     *
     * @param backends     backend names (each must be on the class path), in order; not empty
     * @param includeRegex a Java regular expression matched (find) against the short names; {@code null} = all
     * @param quick        every run of a backend in one shared forked JVM (the backend opened once), 1 warm-up
     *                     iteration of 1 s and 2 measurement iterations of 0.5 s, throughput mode only, fewer
     *                     parameter values (see {@code jmh/README.md}); otherwise one forked JVM per run, 2 forks,
     *                     3 x 1 s warm-up, 5 x 1 s measurement, throughput and sample-time modes, every parameter
     *                     value
     * @param jmhJson      where JMH's JSON result goes (parent directories are created)
     * @param progress     receives one line per finished run (with the ETA of the rest); may be {@code null}
     * @param endpoints    external servers by backend name (e.g. {@code redis -> [redis://127.0.0.1:6379/0]});
     *                     a backend not named here is managed (its servers are started per forked JVM). A password
     *                     is read by the forked JVM from {@code DSBENCH_<BACKEND>_PASSWORD}, never passed on a
     *                     command line
     */
    public record Options(List<String> backends, String includeRegex, boolean quick, Path jmhJson,
            Consumer<String> progress, Map<String, List<String>> endpoints) {
        public Options {
            Objects.requireNonNull(backends, "backends");
            backends = List.copyOf(backends);
            Objects.requireNonNull(jmhJson, "jmhJson");
            endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        }

        /** Managed backends only. */
        public Options(List<String> backends, String includeRegex, boolean quick, Path jmhJson,
                Consumer<String> progress) {
            this(backends, includeRegex, quick, jmhJson, progress, Map.of());
        }
    }

    /**
     * One result: a benchmark on a backend with one parameter combination in one mode.
     *
     * @param name    short name, e.g. {@code kv.get}
     * @param group   the rule group it belongs to, e.g. {@code KV} (the kit's group names; {@code BASELINE} for
     *                the in-memory baselines)
     * @param backend the backend, {@code inmemory} for in-process benchmarks
     * @param params  JMH parameters other than {@code backend} (e.g. {@code router -> ring, nodes -> 1000})
     * @param mode    JMH's short mode label: {@code thrpt} or {@code sample}
     * @param score   throughput in ops/s ({@code thrpt}), mean time in us/op ({@code sample}); NaN when failed
     * @param error   JMH's 99.9% confidence half-width, same unit; NaN when failed or not computable (JMH needs
     *                more than 2 measurements: quick mode's throughput rows have NaN)
     * @param unit    {@code ops/s} or {@code us/op}
     * @param p50Us   median latency in microseconds ({@code sample} only, else null)
     * @param p99Us   99th percentile in microseconds ({@code sample} only, else null)
     * @param p999Us  99.9th percentile in microseconds ({@code sample} only, else null)
     * @param status  {@code ok} or {@code failed}
     * @param reason  why it failed (first line of the forked JVM's exception), null when ok
     */
    public record Row(String name, String group, String backend, Map<String, String> params, String mode, double score,
            double error, String unit, Double p50Us, Double p99Us, Double p999Us, String status, String reason)
            implements java.io.Serializable { // a shared fork hands its rows to the parent serialized
        public Row {
            params = Map.copyOf(params);
        }

        /** True when the benchmark produced a result. */
        public boolean ok() {
            return "ok".equals(status);
        }
    }

    /**
     * A ratio of two rows of the same run and backend: an in-memory baseline (ours against a reference library) or a
     * pattern's overhead (the pattern against the raw primitive it is built on).
     *
     * @param kind           {@code baseline} or {@code overhead}
     * @param backend        the backend both rows ran on
     * @param label          what is compared, e.g. {@code idempotent put vs put}
     * @param subject        the measured thing: short name and parameters, e.g. {@code idempotency.put}
     * @param reference      what it is compared with, e.g. {@code kv.put} or {@code baseline.kv.get[impl=CONCURRENT_HASH_MAP]}
     * @param subjectScore   the subject's score (throughput, ops/s)
     * @param referenceScore the reference's score (throughput, ops/s)
     * @param unit           {@code ops/s}
     * @param ratio          subjectScore / referenceScore: below 1 means the subject is slower
     * @param addedUsPerOp   time the subject adds per operation, in microseconds: 1e6/subjectScore - 1e6/referenceScore
     * @param goal           the goal for this ratio (e.g. {@code >= 0.91 (time within 1.1x)}), or null
     */
    public record Comparison(String kind, String backend, String label, String subject, String reference,
            double subjectScore, double referenceScore, String unit, double ratio, double addedUsPerOp, String goal) {
    }

    /** Runs the selected benchmarks through JMH's Runner API, writes JMH's own JSON to o.jmhJson(), returns one row each. */
    public static List<Row> run(Options o) throws Exception {
        return new BenchRun(o).run();
    }

    /**
     * Benchmark names (short names like "kv.get") matching the regex, for validating --include before a run.
     *
     * @throws IllegalArgumentException when the regex is not a valid regular expression
     */
    public static List<String> list(String includeRegex) {
        return Catalog.load().names(includeRegex);
    }

    /** The baselines and pattern overheads that can be computed from {@code rows} (throughput rows, status ok). */
    public static List<Comparison> comparisons(List<Row> rows) {
        return Comparisons.of(rows);
    }
}
