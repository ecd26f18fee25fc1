package io.dsbench.bench;

import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * dsbench's load benchmarks on one backend: the open-loop rate sweep (latency against offered rate, knee marked),
 * the stall runs (open against closed loop while the server is stopped), and client scaling (throughput and p99
 * against concurrency). Each returns rows; a failed call marks its row failed with the reason and keeps its figures.
 */
public final class LoadBenchmarks {
    private final String backend;
    private final Workload workload;
    private final BenchSettings s;

    public LoadBenchmarks(String backend, Workload workload, BenchSettings settings) {
        this.backend = backend;
        this.workload = workload;
        this.s = settings;
    }

    /** Rows of one sweep: the latency rows of its points, and the sweep row. */
    public record SweepResult(List<BenchRows.Latency> points, BenchRows.Sweep sweep) {
    }

    /**
     * Open loop at doubling rates from the backend's start rate, until a point falls behind its schedule, a call
     * fails, its p99 exceeds {@value Knee#BEYOND} times the bound, or {@link BenchSettings#sweepPoints()} points ran.
     */
    public SweepResult sweep(String op, HlogFile log, String hlogName) throws InterruptedException {
        List<BenchRows.Latency> rows = new ArrayList<>();
        List<Knee.Point> points = new ArrayList<>();
        double rate = BenchSettings.startRate(backend);
        String failure = null;
        boolean failed = false;
        for (int i = 0; i < s.sweepPoints(); i++) {
            String tag = "r" + Math.round(rate);
            LoadGenerator.Result r = LoadGenerator.run(backend + "-" + op, workload.op(op),
                    LoadGenerator.Config.open(rate, s.sweepClients(), s.sweepWarmup(), s.sweepMeasure()), log, tag);
            BenchRows.Latency row = latency(op, r, hlogName, tag, null);
            rows.add(row);
            Knee.Point p = new Knee.Point(rate, round(r.achievedRatePerS()), row.p50Us(), row.p99Us(), row.maxUs(),
                    r.errors());
            points.add(p);
            if (r.errors() > 0 && failure == null) {
                failure = "at " + tag + ": " + row.reason();
            }
            failed |= !p.passes(s.p99BoundUs());
            if (!Knee.goOn(p, s.p99BoundUs())) {
                break;
            }
            rate *= 2;
        }
        OptionalDouble knee = Knee.find(points, s.p99BoundUs());
        return new SweepResult(rows, new BenchRows.Sweep(backend, op, s.p99BoundUs(),
                knee.isPresent() ? knee.getAsDouble() : null, failed, points, hlogName,
                failure == null ? "ok" : "failed", failure));
    }

    /**
     * The same open-loop and closed-loop runs of {@code op}, each with the server stopped (SIGSTOP, via
     * {@link Faults#pause}) for {@link BenchSettings#stallLength()} a third of the way into the measurement.
     */
    public List<BenchRows.Latency> stall(String op, Faults faults, HlogFile log, String hlogName)
            throws InterruptedException {
        double rate = BenchSettings.stallRate(backend);
        String member = faults.writer().name();
        Duration at = s.stallMeasure().dividedBy(3);
        String fault = "SIGSTOP of " + member + " for " + s.stallLength().toMillis() + " ms, " + at.toMillis()
                + " ms into the measurement";
        List<BenchRows.Latency> rows = new ArrayList<>();
        for (LoadGenerator.Loop loop : LoadGenerator.Loop.values()) {
            int clients = loop == LoadGenerator.Loop.OPEN ? s.sweepClients() : 2;
            LoadGenerator.Config c = new LoadGenerator.Config(loop, rate, clients, s.stallWarmup(), s.stallMeasure(),
                    Duration.ofSeconds(1), Duration.ofSeconds(5));
            String tag = loop.name().toLowerCase(java.util.Locale.ROOT) + "-stall";
            LoadGenerator.Result r = LoadGenerator.run(backend + "-" + op + "-" + tag, workload.op(op), c, log, tag,
                    new LoadGenerator.Disturbance(at, s.stallLength(), () -> faults.pause(member),
                            () -> faults.resume(member)));
            rows.add(latency(op, r, hlogName, tag, fault));
        }
        return rows;
    }

    /** Closed loop, every client as fast as it can, at each of {@link BenchSettings#clientCounts()}. */
    public BenchRows.Scaling scaling(String op) throws InterruptedException {
        List<BenchRows.ScalingPoint> points = new ArrayList<>();
        String failure = null;
        for (int clients : s.clientCounts()) {
            LoadGenerator.Result r = maxThroughput(op, clients, s.scalingWarmup(), s.scalingMeasure());
            points.add(new BenchRows.ScalingPoint(clients, round(r.achievedRatePerS()), r.measured().p50Us(),
                    r.measured().p99Us(), r.measured().p999Us(), r.errors()));
            if (r.errors() > 0 && failure == null) {
                failure = "at " + clients + " clients: " + reason(r);
            }
        }
        return new BenchRows.Scaling(backend, op, "closed loop, each client as fast as it can", points,
                failure == null ? "ok" : "failed", failure);
    }

    /** Closed loop at full speed with {@code clients} clients (for the baselines too). */
    public LoadGenerator.Result maxThroughput(String op, int clients, Duration warmup, Duration measure)
            throws InterruptedException {
        return maxThroughput(backend + "-" + op + "-c" + clients, workload.op(op), clients, warmup, measure);
    }

    /** Closed loop at full speed of any operation. */
    public static LoadGenerator.Result maxThroughput(String name, LoadGenerator.Op op, int clients, Duration warmup,
                                                     Duration measure) throws InterruptedException {
        return LoadGenerator.run(name, op, LoadGenerator.Config.closed(0, clients, warmup, measure), null, "max");
    }

    BenchRows.Latency latency(String op, LoadGenerator.Result r, String hlog, String tag, String fault) {
        LatencyStats m = r.measured();
        LoadGenerator.Config c = r.config();
        return new BenchRows.Latency(backend, op, c.loop().name().toLowerCase(java.util.Locale.ROOT), c.clients(),
                c.ratePerS(), round(r.achievedRatePerS()), m.count(), m.p50Us(), m.p90Us(), m.p99Us(), m.p999Us(),
                m.p9999Us(), m.maxUs(), r.warmup().count(), r.errors(), hlog, tag, fault,
                r.errors() == 0 && r.drained() ? "ok" : "failed", reason(r));
    }

    /** Why a run failed, or null. */
    static String reason(LoadGenerator.Result r) {
        if (r.errors() > 0) {
            return r.errors() + " of " + r.completed() + " calls failed; first: " + r.firstError();
        }
        return r.drained() ? null : "calls still in flight " + r.config().drainMax().toSeconds() + " s after the end";
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
