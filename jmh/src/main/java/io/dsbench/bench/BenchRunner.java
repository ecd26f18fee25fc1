package io.dsbench.bench;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Faults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Plans and runs dsbench's own benchmarks (everything but JMH) backend by backend, printing a progress line with an
 * ETA after each. A benchmark that throws is recorded as failed with its reason and the next one runs; after each
 * benchmark a probe read checks the backend, and once it fails the backend's remaining benchmarks are recorded as
 * not run (so a dead server costs one operation timeout, not one per benchmark). Everything finished is kept.
 *
 * <p>Names (selected with {@code --include REGEX}, matched with {@code find}):
 * {@code sweep.kv.get}, {@code sweep.kv.put} (open-loop rate sweep, knee), {@code stall.kv.get} (open against
 * closed loop with the server stopped for a second; backends offering faults), {@code scaling.kv.get},
 * {@code scaling.kv.put}, {@code scaling.lock} (throughput and p99 against clients), {@code baseline.redis-benchmark}
 * (redis), {@code baseline.etcd-put} (etcd), {@code sharding.routers} (once, backend {@code core}).
 */
public final class BenchRunner {
    /** Every benchmark of this runner, in run order. */
    public static final List<String> NAMES = List.of("sharding.routers", "sweep.kv.get", "sweep.kv.put",
            "stall.kv.get", "scaling.kv.get", "scaling.kv.put", "scaling.lock", "baseline.redis-benchmark",
            "baseline.etcd-put");

    /** A benchmark to run on a backend ({@code core} for backend-independent ones) and its estimated duration. */
    public record Planned(String name, String backend, double estimateS) {
    }

    /** Everything measured so far; thread-safe, in the order it was added. */
    public static final class Collected {
        public final List<BenchRows.Latency> latency = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.Sweep> sweeps = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.Scaling> scaling = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.Baseline> baselines = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.ToolRecord> tools = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.Sharding> sharding = Collections.synchronizedList(new ArrayList<>());
        public final List<BenchRows.Task> tasks = Collections.synchronizedList(new ArrayList<>());

        /** Whether any benchmark failed or was not run. */
        public boolean anyFailed() {
            synchronized (tasks) {
                return tasks.stream().anyMatch(t -> !t.status().equals("ok") && !t.status().equals("skipped"));
            }
        }
    }

    private final BenchSettings s;
    private final Path resultsDir;
    private final Consumer<String> progress;
    private final int total;
    private final double estimatedTotal;
    private int done;
    private double estimatedDone;
    private double actualDone;

    /**
     * @param plan       everything that will run (for the counter and the ETA)
     * @param resultsDir the run's directory; .hlog files go to its {@code latency/}
     * @param progress   receives one line per finished benchmark
     */
    public BenchRunner(BenchSettings settings, List<Planned> plan, Path resultsDir, Consumer<String> progress) {
        this.s = settings;
        this.resultsDir = resultsDir;
        this.progress = progress;
        this.total = plan.size();
        this.estimatedTotal = plan.stream().mapToDouble(Planned::estimateS).sum();
    }

    /** Whether benchmark {@code name} applies to {@code backend}. */
    public static boolean applies(String name, String backend) {
        return switch (name) {
            case "sharding.routers" -> backend.equals("core");
            case "baseline.redis-benchmark" -> backend.equals("redis");
            case "baseline.etcd-put" -> backend.equals("etcd");
            default -> !backend.equals("core");
        };
    }

    /** What runs for {@code backends} among the names {@code include} accepts, in order, with estimates. */
    public static List<Planned> plan(List<String> backends, Predicate<String> include, BenchSettings s) {
        List<Planned> plan = new ArrayList<>();
        List<String> all = new ArrayList<>();
        all.add("core");
        all.addAll(backends);
        for (String backend : all) {
            for (String name : NAMES) {
                if (applies(name, backend) && include.test(name)) {
                    plan.add(new Planned(name, backend, estimate(name, s)));
                }
            }
        }
        return plan;
    }

    static double estimate(String name, BenchSettings s) {
        double sweepPoint = seconds(s.sweepWarmup()) + seconds(s.sweepMeasure());
        double scalingPoint = seconds(s.scalingWarmup()) + seconds(s.scalingMeasure());
        double baselineSide = 0.5 + seconds(s.baselineMeasure());
        return switch (name) {
            case "sharding.routers" -> 1 + s.shardingKeys() / 50_000.0;
            case "stall.kv.get" -> 2 * (seconds(s.stallWarmup()) + seconds(s.stallMeasure()));
            case "baseline.redis-benchmark" -> 2 * baselineSide + 2 * s.redisRequests() / 15_000.0;
            case "baseline.etcd-put" -> 4 * baselineSide + 1 + (s.etcdCheckPerf() ? 62 : 0);
            default -> name.startsWith("sweep.") ? sweepPoint * s.sweepPoints() * 0.8
                    : scalingPoint * s.clientCounts().size();
        };
    }

    /** Runs the backend-independent benchmarks of {@code plan}. */
    public void runCore(List<Planned> plan, Collected out) {
        for (Planned p : plan) {
            if (p.backend().equals("core")) {
                long t0 = System.nanoTime();
                try {
                    List<BenchRows.Sharding> rows = RouterQuality.measure(s.shardingKeys());
                    out.sharding.addAll(rows);
                    finished(p, out, t0, "ok", null, rows.size() + " routers, 10 -> 11 nodes, " + s.shardingKeys()
                            + " keys");
                } catch (RuntimeException e) {
                    finished(p, out, t0, "failed", LoadGenerator.describe(e), null);
                }
            }
        }
    }

    /** Records every benchmark of {@code backend} in {@code plan} as not run, with {@code why}. */
    public void notRun(String backend, String why, List<Planned> plan, Collected out) {
        for (Planned p : plan) {
            if (p.backend().equals(backend)) {
                finished(p, out, System.nanoTime(), "failed", "not run: " + why, null);
            }
        }
    }

    /** Runs {@code backend}'s benchmarks of {@code plan} on the opened {@code b}. */
    public void runBackend(Backend b, BackendConfig config, List<Planned> plan, Collected out)
            throws InterruptedException {
        String name = config.backend();
        List<Planned> mine = plan.stream().filter(p -> p.backend().equals(name)).toList();
        if (mine.isEmpty()) {
            return;
        }
        Workload workload;
        try {
            workload = new Workload(b, "bench-" + Long.toHexString(System.nanoTime() & 0xffffff));
        } catch (RuntimeException e) {
            notRun(name, "backend " + name + " failed while writing the workload's keys: " + LoadGenerator.describe(e),
                    plan, out);
            return;
        }
        LoadBenchmarks load = new LoadBenchmarks(name, workload, s);
        Map<String, HlogFile> hlogs = new LinkedHashMap<>();
        String dead = null;
        try {
            for (Planned p : mine) {
                long t0 = System.nanoTime();
                if (dead != null) {
                    finished(p, out, t0, "failed", "not run: backend " + name + " is unreachable (" + dead + ")", null);
                    continue;
                }
                try {
                    String summary = runOne(p, b, config, load, hlogs, out);
                    String failure = failureOf(p, out);
                    finished(p, out, t0, summary == null ? "skipped" : failure == null ? "ok" : "failed",
                            summary == null ? skip : failure, summary);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    finished(p, out, t0, "failed", LoadGenerator.describe(e), null);
                }
                try {
                    workload.probe();
                } catch (RuntimeException e) {
                    dead = LoadGenerator.describe(e);
                    progress.accept("[" + name + "] probe read failed: " + dead + "; its remaining benchmarks are not"
                            + " run");
                }
            }
        } finally {
            hlogs.values().forEach(HlogFile::close);
        }
    }

    /** Runs one benchmark; returns its one-line summary, or null when it does not apply (skipped). */
    private String runOne(Planned p, Backend b, BackendConfig config, LoadBenchmarks load, Map<String, HlogFile> hlogs,
                          Collected out) throws Exception {
        String backend = p.backend();
        if (p.name().startsWith("sweep.")) {
            String op = p.name().substring("sweep.".length());
            LoadBenchmarks.SweepResult r = load.sweep(op, hlog(hlogs, backend, op), hlogName(backend, op));
            out.latency.addAll(r.points());
            out.sweeps.add(r.sweep());
            BenchRows.Sweep sw = r.sweep();
            return sw.points().size() + " rates; knee " + (sw.kneeRatePerS() == null ? "none" : fmt(sw.kneeRatePerS())
                    + "/s" + (sw.kneeBelowTop() ? "" : " (top rate reached)")) + " for p99 <= " + fmt(sw.p99BoundUs())
                    + " us";
        }
        if (p.name().startsWith("stall.")) {
            String op = p.name().substring("stall.".length());
            if (b.faults().isEmpty()) {
                skip = "backend offers no faults (an external endpoint): dsbench cannot stop its server";
                return null;
            }
            Faults faults = b.faults().get();
            List<BenchRows.Latency> rows = load.stall(op, faults, hlog(hlogs, backend, op), hlogName(backend, op));
            out.latency.addAll(rows);
            StringBuilder sb = new StringBuilder();
            for (BenchRows.Latency l : rows) {
                sb.append(sb.length() == 0 ? "" : "; ").append(l.loop()).append(" p99.9 ").append(fmt(l.p999Us()))
                        .append(" us max ").append(fmt(l.maxUs())).append(" us");
            }
            return sb.toString();
        }
        if (p.name().startsWith("scaling.")) {
            BenchRows.Scaling sc = load.scaling(p.name().substring("scaling.".length()));
            out.scaling.add(sc);
            BenchRows.ScalingPoint last = sc.points().get(sc.points().size() - 1);
            BenchRows.ScalingPoint first = sc.points().get(0);
            return fmt(first.throughputPerS()) + "/s at " + first.clients() + " client(s) .. " + fmt(last.throughputPerS())
                    + "/s at " + last.clients() + " (p99 " + fmt(last.p99Us()) + " us)";
        }
        ServerBaselines sb = new ServerBaselines(b, config, load, s);
        ServerBaselines.Result r = p.name().equals("baseline.redis-benchmark") ? sb.redis() : sb.etcd();
        out.baselines.addAll(r.baselines());
        out.tools.addAll(r.tools());
        StringBuilder line = new StringBuilder();
        for (BenchRows.Baseline x : r.baselines()) {
            line.append(line.length() == 0 ? "" : "; ").append(x.op()).append(" / ").append(x.tool()).append(" = ")
                    .append(x.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", x.ratio()));
        }
        return line.toString();
    }

    /** Why the last benchmark that returned no summary was skipped. */
    private String skip;

    /** The failure recorded by the rows of {@code p}'s last run, or null. */
    private static String failureOf(Planned p, Collected out) {
        String backend = p.backend();
        if (p.name().startsWith("sweep.")) {
            BenchRows.Sweep sw = last(out.sweeps);
            return sw != null && sw.backend().equals(backend) ? sw.reason() : null;
        }
        if (p.name().startsWith("scaling.")) {
            BenchRows.Scaling sc = last(out.scaling);
            return sc != null && sc.backend().equals(backend) ? sc.reason() : null;
        }
        if (p.name().startsWith("stall.")) {
            synchronized (out.latency) {
                for (BenchRows.Latency l : out.latency) {
                    if (l.backend().equals(backend) && l.fault() != null && l.reason() != null) {
                        return l.loop() + ": " + l.reason();
                    }
                }
            }
            return null;
        }
        if (p.name().startsWith("baseline.")) {
            synchronized (out.tools) {
                for (BenchRows.ToolRecord t : out.tools) {
                    if (t.backend().equals(backend) && t.error() != null) {
                        return t.tool() + ": " + t.error();
                    }
                }
            }
        }
        return null;
    }

    private static <T> T last(List<T> list) {
        synchronized (list) {
            return list.isEmpty() ? null : list.get(list.size() - 1);
        }
    }

    private HlogFile hlog(Map<String, HlogFile> hlogs, String backend, String op) {
        return hlogs.computeIfAbsent(op, o -> new HlogFile(resultsDir.resolve(hlogName(backend, o))));
    }

    /** {@code latency/<backend>-<op>.hlog}, relative to the results directory. */
    public static String hlogName(String backend, String op) {
        return "latency/" + backend + "-" + op + ".hlog";
    }

    private synchronized void finished(Planned p, Collected out, long t0, String status, String reason, String summary) {
        double took = (System.nanoTime() - t0) / 1e9;
        out.tasks.add(new BenchRows.Task(p.name(), p.backend(), status, reason, LoadBenchmarks.round(took)));
        done++;
        estimatedDone += p.estimateS();
        actualDone += took;
        double factor = estimatedDone <= 0 ? 1 : Math.max(0.5, Math.min(3, actualDone / estimatedDone));
        double eta = Math.max(0, estimatedTotal - estimatedDone) * factor;
        String what = switch (status) {
            case "ok" -> summary;
            case "skipped" -> "skipped: " + reason;
            default -> "FAILED: " + reason + (summary == null ? "" : " (" + summary + ")");
        };
        progress.accept(String.format(Locale.ROOT, "[%2d/%d] %-8s %-24s %s  (%.1f s; ETA %s)", done, total,
                p.backend(), p.name(), what, took, duration(eta)));
    }

    /** {@code 1m05s} or {@code 12s}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }

    static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double seconds(java.time.Duration d) {
        return d.toMillis() / 1000.0;
    }
}
