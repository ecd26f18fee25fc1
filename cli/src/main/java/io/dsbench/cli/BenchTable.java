package io.dsbench.cli;

import io.dsbench.bench.BenchGoals;
import io.dsbench.bench.BenchRows;
import io.dsbench.bench.BenchRunner;
import io.dsbench.jmh.JmhBenchmarks;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The terminal summary of {@code dsbench bench}: JMH throughput and latency, the open-loop sweeps (knee), the stall
 * runs, client scaling, the ratios to the servers' own tools, the pattern overheads, the goals table, and every
 * failure with its reason. Figures only; bench.json has them all with units.
 */
final class BenchTable {
    private final BenchOutput out;

    BenchTable(BenchOutput out) {
        this.out = out;
    }

    void print(PrintWriter o) {
        BenchRunner.Collected c = out.collected();
        List<JmhBenchmarks.Row> jmh = out.jmhRows();
        if (!jmh.isEmpty()) {
            o.println("JMH (score: ops/s for thrpt, us/op for sample; p50/p99/p99.9 in us, sample mode only)");
            o.printf(Locale.ROOT, "  %-9s %-34s %-6s %14s %12s %9s %9s %9s%n", "backend", "benchmark", "mode", "score",
                    "+-error", "p50", "p99", "p99.9");
            for (JmhBenchmarks.Row r : jmh) {
                String name = r.name() + (r.params().isEmpty() ? "" : " " + r.params().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")));
                if (r.ok()) {
                    o.printf(Locale.ROOT, "  %-9s %-34s %-6s %14s %12s %9s %9s %9s%n", r.backend(), name, r.mode(),
                            num(r.score()), num(r.error()), num(r.p50Us()), num(r.p99Us()), num(r.p999Us()));
                } else {
                    o.printf(Locale.ROOT, "  %-9s %-34s %-6s FAILED: %s%n", r.backend(), name, r.mode(), r.reason());
                }
            }
            o.println();
        }
        if (!c.sweeps.isEmpty()) {
            o.println("Open-loop rate sweeps (latency from the intended start; knee = highest rate with p99 <= bound)");
            o.printf(Locale.ROOT, "  %-9s %-8s %12s %10s   %s%n", "backend", "op", "knee /s", "p99 bound", "points:"
                    + " offered/s -> p50 / p99 us");
            for (BenchRows.Sweep s : c.sweeps) {
                String points = s.points().stream().map(p -> num(p.offeredRatePerS()) + "->" + num(p.p50Us()) + "/"
                        + num(p.p99Us())).collect(Collectors.joining("  "));
                o.printf(Locale.ROOT, "  %-9s %-8s %12s %10s   %s%n", s.backend(), s.op(), s.kneeRatePerS() == null
                        ? "none" : num(s.kneeRatePerS()) + (s.kneeBelowTop() ? "" : "+"), num(s.p99BoundUs()) + "us",
                        points);
            }
            o.println();
        }
        List<BenchRows.Latency> stalls = c.latency.stream().filter(l -> l.fault() != null).toList();
        if (!stalls.isEmpty()) {
            o.println("Server stopped (SIGSTOP) during the run: open loop against closed loop (us)");
            o.printf(Locale.ROOT, "  %-9s %-8s %-7s %8s %9s %9s %9s %10s %10s%n", "backend", "op", "loop", "rate/s",
                    "p50", "p99", "p99.9", "p99.99", "max");
            for (BenchRows.Latency l : stalls) {
                o.printf(Locale.ROOT, "  %-9s %-8s %-7s %8s %9s %9s %9s %10s %10s%n", l.backend(), l.op(), l.loop(),
                        num(l.offeredRatePerS()), num(l.p50Us()), num(l.p99Us()), num(l.p999Us()), num(l.p9999Us()),
                        num(l.maxUs()));
            }
            o.println();
        }
        if (!c.scaling.isEmpty()) {
            o.println("Throughput and p99 against clients (closed loop, each client as fast as it can)");
            for (BenchRows.Scaling s : c.scaling) {
                String points = s.points().stream().map(p -> p.clients() + ": " + num(p.throughputPerS()) + "/s p99 "
                        + num(p.p99Us()) + "us").collect(Collectors.joining(" | "));
                o.printf(Locale.ROOT, "  %-9s %-7s %s%n", s.backend(), s.op(), points);
            }
            o.println();
        }
        if (!c.baselines.isEmpty()) {
            o.println("Beside the servers' own tools, same server, same run (ratio = ours / tool's)");
            o.printf(Locale.ROOT, "  %-9s %-7s %-36s %12s %12s %7s %8s%n", "backend", "op", "tool", "tool ops/s",
                    "ours ops/s", "ratio", "goal");
            for (BenchRows.Baseline b : c.baselines) {
                o.printf(Locale.ROOT, "  %-9s %-7s %-36s %12s %12s %7s %8s%s%n", b.backend(), b.op(), b.tool(),
                        num(b.toolFigure()), num(b.ours()), b.ratio() == null ? "n/a" : String.format(Locale.ROOT,
                                "%.2f", b.ratio()), b.goal() == null ? "" : b.goal(),
                        b.note() == null ? "" : "  (" + b.note() + ")");
            }
            o.println();
        }
        List<JmhBenchmarks.Comparison> comparisons = out.comparisons();
        if (!comparisons.isEmpty()) {
            o.println("Pattern overhead and in-memory baselines (JMH throughput; ratio = subject / reference)");
            for (JmhBenchmarks.Comparison cmp : comparisons) {
                o.printf(Locale.ROOT, "  %-9s %-46s %12s %12s %7.3f%n", cmp.backend(), cmp.label(),
                        num(cmp.subjectScore()), num(cmp.referenceScore()), cmp.ratio());
            }
            o.println();
        }
        if (!c.sharding.isEmpty()) {
            o.println("Routers, 10 -> 11 nodes: imbalance (max/mean) and keys moved (ideal " + String.format(Locale.ROOT,
                    "%.4f", c.sharding.get(0).idealMovedFraction()) + ")");
            for (BenchRows.Sharding s : c.sharding) {
                o.printf(Locale.ROOT, "  %-22s imbalance %.3f  moved %.4f%n", s.router(), s.imbalance(),
                        s.movedFraction());
            }
            o.println();
        }
        List<BenchGoals.Goal> goals = BenchGoals.rows(c, out.jmhRows(), comparisons);
        if (!goals.isEmpty()) {
            o.println("Goals");
            for (BenchGoals.Goal g : goals) {
                o.printf(Locale.ROOT, "  %-4s %-62s goal %-28s %s: %s%n", g.met() == null ? "?" : g.met() ? "met"
                        : "MISS", g.figure(), g.goal(), g.ratio() == null ? "n/a" : g.ratio(), g.measured());
            }
            o.println();
        }
        List<BenchRows.Task> failed = c.tasks.stream().filter(t -> !t.status().equals("ok")).toList();
        long ok = c.tasks.size() - failed.size();
        o.println("dsbench's load benchmarks: " + ok + " ok, " + failed.stream().filter(t -> t.status()
                .equals("failed")).count() + " failed, " + failed.stream().filter(t -> t.status().equals("skipped"))
                .count() + " skipped; JMH: " + jmh.stream().filter(JmhBenchmarks.Row::ok).count() + " ok, "
                + jmh.stream().filter(r -> !r.ok()).count() + " failed");
        for (BenchRows.Task t : failed) {
            o.println("  " + t.status() + ": " + t.backend() + " " + t.name() + ": " + t.reason());
        }
    }

    private static String num(Double v) {
        if (v == null || v.isNaN()) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
