package io.dsbench.reports;

import io.dsbench.reports.Model.Benchmark;
import io.dsbench.reports.Model.LatencyRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Performance: throughput per pattern and backend (JMH, with its error bounds), latency percentile curves from the
 * HdrHistogram logs, throughput and p99 against clients, latency against offered rate with the knee, ratios to the
 * servers' own tools and each pattern's overhead over its raw operation.
 */
final class PerformanceSection {
    private PerformanceSection() {
    }

    static String render(RunData d, Page page, Map<String, String> colors) {
        StringBuilder b = new StringBuilder("<section id=\"performance\"><h2>Performance</h2>\n");
        if (!d.hasPerformance()) {
            b.append("<p class=\"missing\">No performance results").append(d.bench == null
                    ? ": this run has no bench.json (add <code>dsbench bench --run-id " + Fmt.html(d.runId) + "</code>)."
                    : ": bench.json holds no results.").append("</p>");
            return b.append("</section>\n").toString();
        }
        if (d.bench != null && Boolean.TRUE.equals(Json.bool(d.bench, "quick"))) {
            b.append("<p class=\"note\">A quick benchmark run (<code>--quick</code>): short measurements, wide error"
                    + " bounds; for a design review run the full benchmark.</p>");
        }
        throughput(d, page, colors, b);
        latencyCurves(d, page, colors, b);
        scaling(d, page, colors, b);
        sweeps(d, page, colors, b);
        BaselineSection.render(d, page, colors, b);
        return b.append("</section>\n").toString();
    }

    static String group(Benchmark bm) {
        if (bm.group() != null) {
            return bm.group();
        }
        int dot = bm.name().indexOf('.');
        return dot < 0 ? bm.name() : bm.name().substring(0, dot);
    }

    private static void throughput(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        if (d.benchmarks.isEmpty()) {
            return;
        }
        b.append("<h3 id=\"throughput\">Throughput per pattern</h3>");
        Map<String, List<Benchmark>> byGroup = new LinkedHashMap<>();
        for (Benchmark bm : d.benchmarks) {
            byGroup.computeIfAbsent(group(bm), k -> new ArrayList<>()).add(bm);
        }
        List<String> backends = new ArrayList<>();
        d.benchmarks.forEach(bm -> {
            if (!backends.contains(bm.backend())) {
                backends.add(bm.backend());
            }
        });
        // one chart while it stays readable, else one per pattern
        long labels = d.benchmarks.stream().filter(Benchmark::higherIsBetter).map(Benchmark::label).distinct().count();
        Map<String, List<Benchmark>> chunks = labels <= 10 ? Map.of("", d.benchmarks) : byGroup;
        b.append("<div class=\"charts\">");
        for (Map.Entry<String, List<Benchmark>> g : chunks.entrySet()) {
            Map<String, Map<String, Benchmark>> byLabel = new LinkedHashMap<>();
            String unit = null;
            for (Benchmark bm : g.getValue()) {
                if (bm.higherIsBetter()) {
                    byLabel.computeIfAbsent(bm.label(), k -> new LinkedHashMap<>()).put(bm.backend(), bm);
                    unit = unit == null && bm.ok() ? bm.unit() : unit;
                }
            }
            BarChart chart = new BarChart((g.getKey() + " throughput").trim(), unit == null ? "ops/s" : unit, backends,
                    backends.stream().map(colors::get).toList());
            chart.log = Svg.auto(byLabel.values().stream().flatMap(m -> m.values().stream()).filter(Benchmark::ok)
                    .mapToDouble(Benchmark::score), 30) == Svg.Axis.LOG;
            boolean sameParams = g.getValue().stream().map(bm -> bm.params().toString()).distinct().count() <= 1;
            for (Map.Entry<String, Map<String, Benchmark>> e : byLabel.entrySet()) {
                Double[] v = new Double[backends.size()];
                Double[] err = new Double[backends.size()];
                String[] notes = new String[backends.size()];
                for (int i = 0; i < backends.size(); i++) {
                    Benchmark bm = e.getValue().get(backends.get(i));
                    v[i] = bm == null || !bm.ok() ? null : bm.score();
                    err[i] = bm == null || !bm.ok() ? null : bm.error();
                    notes[i] = bm != null && !bm.ok() ? bm.status() : null;
                }
                Benchmark any = e.getValue().values().iterator().next();
                chart.category(sameParams ? any.name() : shortLabel(any, g.getValue()), v, err, notes);
            }
            if (!chart.isEmpty()) {
                boolean anyError = g.getValue().stream().anyMatch(bm -> bm.ok() && bm.error() != null);
                b.append(page.figure(g.getKey().isEmpty() ? "fig-throughput" : "fig-thrpt-" + Fmt.slug(g.getKey()),
                        (g.getKey().isEmpty() ? "Every pattern" : g.getKey()) + ": throughput per backend (JMH score; "
                        + (anyError ? "error bars: JMH's 99.9% confidence interval"
                        : "no error bars: one measurement iteration each, so JMH gives no confidence interval")
                        + "; a failed benchmark is marked where its bar would be)", chart.render()));
            }
        }
        b.append("</div>");
        StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>pattern</th><th>benchmark</th>"
                + "<th>backend</th><th>mode</th><th>score</th><th>\u00b1 error</th><th>unit</th><th>p50</th><th>p99</th>"
                + "<th>status</th></tr></thead><tbody>");
        for (Benchmark bm : d.benchmarks) {
            t.append("<tr><td>").append(Fmt.html(group(bm))).append("</td><td>").append(Fmt.html(bm.label()))
                    .append("</td><td>").append(Fmt.html(bm.backend())).append("</td><td>").append(Fmt.html(bm.mode()))
                    .append("</td><td class=\"num\">").append(Fmt.num(bm.score())).append("</td><td class=\"num\">")
                    .append(Fmt.num(bm.error())).append("</td><td>").append(Fmt.html(bm.unit()))
                    .append("</td><td class=\"num\">").append(Fmt.micros(bm.p50Us())).append("</td><td class=\"num\">")
                    .append(Fmt.micros(bm.p99Us())).append("</td><td>").append(bm.ok() ? "ok"
                            : "<b class=\"o-failed\">" + Fmt.html(bm.status()) + "</b> " + Fmt.html(bm.reason()))
                    .append("</td></tr>");
        }
        t.append("</tbody></table>");
        b.append(page.figure("fig-benchmarks", "Every benchmark of bench.json (one row per JMH benchmark, backend and"
                + " parameters)", t.toString()));
    }

    /**
     * A bar's label without what every benchmark of the chart shares, so the part that differs is not cut off:
     * "router=ring" for router.lookup [nodes=1000, router=ring] among other routers of 1000 nodes.
     */
    static String shortLabel(Benchmark bm, List<Benchmark> chart) {
        boolean oneName = chart.stream().map(Benchmark::name).distinct().count() == 1;
        Map<String, String> varying = new java.util.TreeMap<>(bm.params());
        varying.remove("backend");
        varying.entrySet().removeIf(p -> chart.stream().allMatch(o -> p.getValue().equals(o.params().get(p.getKey()))));
        String params = varying.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
        return params.isEmpty() ? bm.name() : oneName ? params : bm.name() + " [" + params + "]";
    }

    private static void latencyCurves(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        if (d.latency.isEmpty() && d.hlogs.isEmpty()) {
            return;
        }
        b.append("<h3 id=\"latency\">Latency percentiles</h3><div class=\"charts\">");
        Set<String> ops = new LinkedHashSet<>();
        d.hlogs.values().forEach(h -> ops.add(h.op));
        d.latency.forEach(l -> ops.add(l.op()));
        for (String op : ops) {
            List<Svg.Series> series = new ArrayList<>();
            double max = 0;
            Set<String> fromLogs = new LinkedHashSet<>();
            List<String> notes = new ArrayList<>();
            for (LatencyLog h : d.hlogs.values()) {
                if (h.op.equals(op)) {
                    Double rate = LatencyLog.rateOf(h.shownTag);
                    LatencyRun row = d.latency.stream().filter(r -> h.file.equals(r.hlog())).findFirst().orElse(null);
                    if (rate == null && row != null && sameOpRuns(d, h.backend, op) > 1) {
                        rate = row.offeredRate();
                    }
                    String name = h.backend + (rate != null ? " @" + Fmt.tick(rate) + "/s" : "");
                    series.add(new Svg.Series(name, colors.get(h.backend), h.curve(), false));
                    max = Math.max(max, h.maxUs());
                    fromLogs.add(h.backend);
                    notes.add(h.file + (h.shownTag.isEmpty() ? "" : " (" + h.shownWhat() + ", the highest rate at or"
                            + " under the knee; warm-up left out)") + ": " + Fmt.count(h.count()) + " requests, "
                            + h.unitNote);
                }
            }
            for (LatencyRun r : d.latency) {
                if (r.op().equals(op) && (r.hlog() == null || !d.hlogs.containsKey(r.hlog()))
                        && !fromLogs.contains(r.backend())) {
                    // no log: the row's own percentiles
                    List<double[]> pts = new ArrayList<>();
                    addPoint(pts, 50, r.p50Us());
                    addPoint(pts, 90, r.p90Us());
                    addPoint(pts, 99, r.p99Us());
                    addPoint(pts, 99.9, r.p999Us());
                    addPoint(pts, 99.99, r.p9999Us());
                    if (!pts.isEmpty()) {
                        series.add(new Svg.Series(r.backend() + " (bench.json percentiles)", colors.get(r.backend()), pts,
                                true));
                        notes.add(r.backend() + ": no latency log, the row's percentiles");
                        for (double[] p : pts) {
                            max = Math.max(max, p[1]);
                        }
                    }
                }
            }
            boolean ms = max >= 2000;
            Svg.LineChart c = new Svg.LineChart(op + " latency by percentile", "percentile", Svg.Axis.PERCENTILE,
                    ms ? "latency (ms)" : "latency (\u00b5s)", Svg.Axis.LINEAR);
            for (Svg.Series s : series) {
                c.add(new Svg.Series(s.name(), s.color(), s.points().stream()
                        .map(p -> new double[] {p[0], ms ? p[1] / 1000 : p[1]}).toList(), s.dashed()));
            }
            c.autoScale(false, true);
            if (!c.isEmpty()) {
                b.append(page.figure("fig-latency-" + Fmt.slug(op), op + ": latency by percentile, one line per"
                        + " backend (HdrHistogram style: the x axis is log10(1/(1-p))). " + String.join("; ", notes),
                        c.render()));
            }
        }
        stalls(d, page, colors, b);
        b.append("</div>");
        if (!d.latency.isEmpty()) {
            StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>backend</th><th>op</th><th>loop</th>"
                    + "<th>offered/s</th><th>achieved/s</th><th>count</th><th>p50</th><th>p90</th><th>p99</th>"
                    + "<th>p99.9</th><th>p99.99</th><th>max</th></tr></thead><tbody>");
            for (LatencyRun r : d.latency) {
                t.append("<tr><td>").append(Fmt.html(r.backend())).append("</td><td>").append(Fmt.html(r.op()))
                        .append("</td><td>").append(Fmt.html(r.loop())).append("</td><td class=\"num\">")
                        .append(Fmt.num(r.offeredRate())).append("</td><td class=\"num\">").append(Fmt.num(r.achievedRate()))
                        .append("</td><td class=\"num\">").append(r.count() == null ? "\u2013" : Fmt.count(r.count()));
                for (Double v : new Double[] {r.p50Us(), r.p90Us(), r.p99Us(), r.p999Us(), r.p9999Us(), r.maxUs()}) {
                    t.append("</td><td class=\"num\">").append(Fmt.micros(v));
                }
                t.append("</td></tr>");
            }
            t.append("</tbody></table>");
            b.append(page.figure("fig-latency-table", "Latency runs (open loop: requests sent at the offered rate"
                    + " whether or not earlier ones returned, so queueing is measured, not hidden)", t.toString()));
        }
    }

    /**
     * The stall runs of a log (tags {@code open-stall} and {@code closed-stall}: the server stopped for a while during
     * the measurement), open loop solid, closed loop dashed: what coordinated omission hides.
     */
    private static void stalls(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        Map<String, List<LatencyLog>> byOp = new LinkedHashMap<>();
        for (LatencyLog h : d.hlogs.values()) {
            if (h.tags.containsKey("open-stall") || h.tags.containsKey("closed-stall")) {
                byOp.computeIfAbsent(h.op, k -> new ArrayList<>()).add(h);
            }
        }
        for (Map.Entry<String, List<LatencyLog>> e : byOp.entrySet()) {
            Svg.LineChart c = new Svg.LineChart(e.getKey() + " with the server stopped", "percentile",
                    Svg.Axis.PERCENTILE, "latency (ms)", Svg.Axis.LOG);
            List<String> notes = new ArrayList<>();
            for (LatencyLog h : e.getValue()) {
                for (String loop : List.of("open", "closed")) {
                    org.HdrHistogram.Histogram hist = h.tags.get(loop + "-stall");
                    if (hist != null) {
                        c.add(new Svg.Series(h.backend + " " + loop + " loop", colors.get(h.backend), h.curve(hist)
                                .stream().map(p -> new double[] {p[0], Math.max(p[1], 0.1) / 1000}).toList(),
                                loop.equals("closed")));
                        notes.add(h.backend + " " + loop + " loop: " + Fmt.count(hist.getTotalCount()) + " requests, p99.9 "
                                + Fmt.micros(hist.getValueAtPercentile(99.9) / h.toMicros) + ", max "
                                + Fmt.micros(hist.getMaxValue() / h.toMicros));
                    }
                }
            }
            c.autoScale(false, true);
            if (!c.isEmpty()) {
                b.append(page.figure("fig-stall-" + Fmt.slug(e.getKey()), e.getKey() + " while the server was stopped"
                        + " for a while (tags open-stall / closed-stall of the latency log): the open loop (solid) keeps"
                        + " sending at the offered rate, so every request that waited shows; the closed loop (dashed)"
                        + " waits with the stalled client and hides the stall in all but its maximum. "
                        + String.join("; ", notes), c.render()));
            }
        }
    }

    private static long sameOpRuns(RunData d, String backend, String op) {
        return d.hlogs.values().stream().filter(h -> h.backend.equals(backend) && h.op.equals(op)).count();
    }

    private static void addPoint(List<double[]> pts, double pct, Double us) {
        if (us != null) {
            pts.add(new double[] {pct, us});
        }
    }

    private static void scaling(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        if (d.scaling.isEmpty()) {
            return;
        }
        b.append("<h3 id=\"scaling\">Throughput and p99 against clients</h3><div class=\"charts\">");
        Set<String> ops = new LinkedHashSet<>();
        d.scaling.forEach(s -> ops.add(s.op()));
        for (String op : ops) {
            Svg.LineChart tp = new Svg.LineChart(op + " throughput vs clients", "clients", Svg.Axis.LINEAR, "ops/s",
                    Svg.Axis.LINEAR);
            double maxP99 = d.scaling.stream().filter(s -> s.op().equals(op)).flatMap(s -> s.points().stream())
                    .map(Model.ScalingPoint::p99Us).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue)
                    .max().orElse(0);
            boolean ms = maxP99 >= 2000; // else microseconds: sub-millisecond p99s read as 0.0006 ms otherwise
            double div = ms ? 1000 : 1;
            Svg.LineChart p99 = new Svg.LineChart(op + " p99 vs clients", "clients", Svg.Axis.LINEAR,
                    ms ? "p99 (ms)" : "p99 (\u00b5s)", Svg.Axis.LINEAR);
            for (Model.Scaling s : d.scaling) {
                if (s.op().equals(op)) {
                    tp.add(new Svg.Series(s.backend(), colors.get(s.backend()), s.points().stream()
                            .filter(p -> p.throughput() != null).map(p -> new double[] {p.clients(), p.throughput()})
                            .toList(), false));
                    p99.add(new Svg.Series(s.backend(), colors.get(s.backend()), s.points().stream()
                            .filter(p -> p.p99Us() != null).map(p -> new double[] {p.clients(), p.p99Us() / div})
                            .toList(), false));
                }
            }
            tp.autoScale(false, true);
            p99.autoScale(false, true);
            if (!tp.isEmpty()) {
                b.append(page.figure("fig-scaling-" + Fmt.slug(op), op + ": throughput against client count (closed"
                        + " loop)", tp.render()));
            }
            if (!p99.isEmpty()) {
                b.append(page.figure("fig-scaling-p99-" + Fmt.slug(op), op + ": p99 latency against client count",
                        p99.render()));
            }
        }
        b.append("</div>");
    }

    private static void sweeps(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        if (d.sweeps.isEmpty()) {
            return;
        }
        b.append("<h3 id=\"sweeps\">Latency against offered rate</h3><div class=\"charts\">");
        Set<String> ops = new LinkedHashSet<>();
        d.sweeps.forEach(s -> ops.add(s.op()));
        for (String op : ops) {
            Svg.LineChart c = new Svg.LineChart(op + " latency vs offered rate", "offered rate (ops/s)", Svg.Axis.LINEAR,
                    "latency (ms)", Svg.Axis.LOG);
            List<String> knees = new ArrayList<>();
            Double bound = null;
            for (Model.Sweep s : d.sweeps) {
                if (!s.op().equals(op)) {
                    continue;
                }
                c.add(new Svg.Series(s.backend() + " p99", colors.get(s.backend()), s.points().stream()
                        .filter(p -> p.p99Us() != null).map(p -> new double[] {p.offered(), p.p99Us() / 1000}).toList(),
                        false));
                c.add(new Svg.Series(s.backend() + " p50", colors.get(s.backend()), s.points().stream()
                        .filter(p -> p.p50Us() != null).map(p -> new double[] {p.offered(), p.p50Us() / 1000}).toList(),
                        true));
                if (s.kneeFound()) {
                    c.markers.add(new Svg.Marker(true, s.kneeRate(), s.backend() + " knee " + Fmt.tick(s.kneeRate())
                            + "/s"));
                    knees.add(s.backend() + " at " + Fmt.num(s.kneeRate()) + " ops/s");
                } else {
                    knees.add(s.backend() + ": no knee within the rates tried" + (s.topRate() == null ? ""
                            : " (p99 under the bound up to the top rate, " + Fmt.num(s.topRate()) + " ops/s)"));
                }
                bound = bound == null ? s.p99BoundUs() : bound;
            }
            c.autoScale(true, false);
            if (bound != null) {
                c.markers.add(new Svg.Marker(false, bound / 1000, "p99 bound " + Fmt.micros(bound)));
            }
            if (!c.isEmpty()) {
                b.append(page.figure("fig-sweep-" + Fmt.slug(op), op + ": p99 (solid) and p50 (dashed) against the"
                        + " offered rate; the knee is the highest rate whose p99 stays under the bound"
                        + (bound == null ? "" : " (" + Fmt.micros(bound) + ")") + ": " + String.join("; ", knees),
                        c.render()));
            }
        }
        b.append("</div>");
    }
}
