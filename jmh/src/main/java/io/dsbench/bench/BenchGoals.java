package io.dsbench.bench;

import io.dsbench.jmh.JmhBenchmarks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goals table, filled from one run's rows: each goal, what was measured, the ratio and whether the goal
 * is met. Goals are stated, not tested; a goal whose figure this run did not measure says so.
 */
public final class BenchGoals {
    private BenchGoals() {
    }

    /**
     * One line of the goals table.
     *
     * @param figure   what is measured
     * @param goal     the goal, in words
     * @param measured the figures behind the ratio, with units
     * @param ratio    the ratio (or the figure the goal bounds), null when not measured
     * @param met      whether the goal is met, null when not measured
     */
    public record Goal(String figure, String goal, String measured, Double ratio, Boolean met) {
    }

    public static List<Goal> rows(BenchRunner.Collected c, List<JmhBenchmarks.Row> jmh,
                                  List<JmhBenchmarks.Comparison> comparisons) {
        List<Goal> goals = new ArrayList<>();
        synchronized (c.baselines) {
            for (BenchRows.Baseline b : c.baselines) {
                if (b.goal() == null) {
                    continue;
                }
                goals.add(new Goal(b.backend() + " " + b.op() + ", " + b.clients() + " clients, vs " + b.tool(),
                        b.goal(), b.ratio() == null ? "not measured: " + b.note()
                        : "ours " + num(b.ours()) + " " + b.unit() + ", tool " + num(b.toolFigure()) + " " + b.unit(),
                        b.ratio(), b.goalMet()));
            }
        }
        for (JmhBenchmarks.Comparison cmp : comparisons) {
            if (cmp.goal() == null) {
                continue;
            }
            if (cmp.label().startsWith("tracing")) {
                if (!cmp.backend().equals("inmemory")) {
                    continue; // the goal is per in-memory operation; over a network the span cost is noise
                }
                double addedUs = 1e6 / cmp.subjectScore() - 1e6 / cmp.referenceScore();
                goals.add(new Goal(cmp.backend() + " " + cmp.label(), "< 1 us added per operation",
                        String.format(Locale.ROOT, "on %s ops/s, off %s ops/s: %.3f us added",
                                num(cmp.subjectScore()), num(cmp.referenceScore()), addedUs),
                        round(addedUs), addedUs < 1));
                continue;
            }
            double min = parseAtLeast(cmp.goal());
            goals.add(new Goal(cmp.backend() + " " + cmp.label(), cmp.goal(), "ours " + num(cmp.subjectScore())
                    + " ops/s, reference " + num(cmp.referenceScore()) + " ops/s", round(cmp.ratio()),
                    Double.isNaN(min) ? null : cmp.ratio() >= min));
        }
        for (JmhBenchmarks.Row r : jmh) {
            if (r.name().startsWith("router.") && r.ok() && "thrpt".equals(r.mode())
                    && "ring".equals(r.params().get("router")) && "1000".equals(r.params().get("nodes"))) {
                double ns = 1e9 / r.score();
                goals.add(new Goal("ring lookup, 1,000 nodes x " + r.params().getOrDefault("vnodes", "100")
                        + " vnodes", "< 100 ns", String.format(Locale.ROOT, "%s ops/s = %.1f ns/op", num(r.score()), ns),
                        round(ns), ns < 100));
            }
        }
        goals.addAll(stallGoals(c));
        return goals;
    }

    /** The open-loop goal: the stall shows in open-loop p99.9/max and is hidden from closed-loop p99.9. */
    private static List<Goal> stallGoals(BenchRunner.Collected c) {
        List<Goal> goals = new ArrayList<>();
        synchronized (c.latency) {
            for (BenchRows.Latency open : c.latency) {
                if (open.fault() == null || !open.loop().equals("open")) {
                    continue;
                }
                BenchRows.Latency closed = c.latency.stream().filter(l -> l.fault() != null
                        && l.loop().equals("closed") && l.backend().equals(open.backend())
                        && l.op().equals(open.op())).findFirst().orElse(null);
                if (closed == null) {
                    continue;
                }
                // the stall is at least half of its length in p99.9 of the open loop, and less in the closed one
                double half = stallUs(open.fault()) / 2;
                boolean met = open.p999Us() >= half && open.maxUs() >= half && closed.p999Us() < half
                        && closed.maxUs() >= half;
                goals.add(new Goal(open.backend() + " " + open.op() + " with the server stopped (" + open.fault() + ")",
                        "shows in open-loop p99.9/max, hidden from closed-loop p99.9 (max only)",
                        String.format(Locale.ROOT, "open p99 %s us, p99.9 %s us, max %s us; closed p99 %s us, p99.9 %s"
                                        + " us, max %s us", num(open.p99Us()), num(open.p999Us()), num(open.maxUs()),
                                num(closed.p99Us()), num(closed.p999Us()), num(closed.maxUs())),
                        closed.p999Us() == 0 ? null : round(open.p999Us() / closed.p999Us()), met));
            }
        }
        return goals;
    }

    private static double stallUs(String fault) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("for (\\d+) ms").matcher(fault);
        return m.find() ? Long.parseLong(m.group(1)) * 1000.0 : 1_000_000;
    }

    /** The number after {@code >=} at the start of a goal, or NaN. */
    static double parseAtLeast(String goal) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*>=\\s*([0-9.]+)").matcher(goal);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static Double round(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    static String num(Double v) {
        return v == null ? "n/a" : v >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
