package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.reports.Model.Baseline;
import io.dsbench.reports.Model.Overhead;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ours against the servers' own tools (ratios and goals) and each pattern's cost over its raw operation. */
final class BaselineSection {
    private BaselineSection() {
    }

    static void render(RunData d, Page page, Map<String, String> colors, StringBuilder b) {
        if (!d.baselines.isEmpty()) {
            b.append("<h3 id=\"baselines\">Against the servers' own tools and reference libraries</h3>");
            StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>backend</th><th>comparison</th>"
                    + "<th>ours</th><th>reference</th><th>ours</th><th>reference</th><th>unit</th><th>ratio</th><th>goal</th>"
                    + "</tr></thead><tbody>");
            for (Baseline x : d.baselines) {
                Boolean met = x.meetsGoal();
                t.append("<tr><td>").append(Fmt.html(x.backend())).append("</td><td>").append(Fmt.html(x.title()))
                        .append("</td><td><code>").append(Fmt.html(x.op())).append("</code></td><td><code>")
                        .append(Fmt.html(x.tool())).append("</code></td><td class=\"num\">").append(Fmt.num(x.ours()))
                        .append("</td><td class=\"num\">").append(Fmt.num(x.toolFigure()))
                        .append("</td><td>").append(Fmt.html(x.unit())).append("</td><td class=\"num\">")
                        .append(Fmt.ratio(x.ratio())).append("</td><td>").append(Fmt.html(x.goal()))
                        .append(met == null ? "" : met ? " <span class=\"o-passed\">met</span>"
                                : " <b class=\"o-failed\">missed</b>").append("</td></tr>");
            }
            t.append("</tbody></table>");
            b.append(page.figure("fig-baselines", "Ours beside a reference on the same machine, same run: a server's"
                    + " own benchmark tool (redis-benchmark, etcd's check perf), or for in-process code a well-known"
                    + " library doing the same job (ratio = ours / reference; for throughput, above 1.0 is faster)",
                    t.toString()));
            List<String> series = List.of("ours / reference");
            BarChart chart = new BarChart("ratio to the reference", "ratio", series, List.of("#1f77b4"));
            chart.reference = 1.0;
            chart.referenceLabel = "1.0 = the reference's figure";
            chart.log = Svg.auto(d.baselines.stream().map(Baseline::ratio).filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue), 30) == Svg.Axis.LOG;
            for (Baseline x : d.baselines) {
                chart.category(x.backend() + " " + x.title(), new Double[] {x.ratio()}, null);
            }
            if (!chart.isEmpty()) {
                b.append(page.figure("fig-baselines-chart", "Ratios to the references (1.0: as fast as the"
                        + " reference)", chart.render()));
            }
            if (!d.rawBaselines.isEmpty()) {
                b.append("<details><summary>What the tools printed (baselines.json)</summary>");
                for (JsonNode r : d.rawBaselines) {
                    b.append("<p><b>").append(Fmt.html(Json.text(r, "backend"))).append("</b> <code>")
                            .append(Fmt.html(Json.text(r, "command"))).append("</code>: ")
                            .append(Fmt.num(Json.num(r, "figure"))).append(' ').append(Fmt.html(Json.text(r, "unit")))
                            .append("</p><pre>").append(Fmt.html(Json.text(r, "raw_output"))).append("</pre>");
                }
                b.append("</details>");
            }
        }
        if (!d.overheads.isEmpty()) {
            b.append("<h3 id=\"overheads\">Pattern overhead over raw operations</h3>");
            StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>backend</th><th>pattern</th>"
                    + "<th>raw op</th><th>raw</th><th>pattern</th><th>unit</th><th>ratio</th></tr></thead><tbody>");
            for (Overhead o : d.overheads) {
                t.append("<tr><td>").append(Fmt.html(o.backend())).append("</td><td>").append(Fmt.html(o.pattern()))
                        .append("</td><td>").append(Fmt.html(o.raw())).append("</td><td class=\"num\">")
                        .append(Fmt.num(o.rawFigure())).append("</td><td class=\"num\">").append(Fmt.num(o.patternFigure()))
                        .append("</td><td>").append(Fmt.html(o.unit())).append("</td><td class=\"num\">")
                        .append(Fmt.ratio(o.ratio())).append("</td></tr>");
            }
            t.append("</tbody></table>");
            List<String> backends = new ArrayList<>();
            d.overheads.forEach(o -> {
                if (!backends.contains(o.backend())) {
                    backends.add(o.backend());
                }
            });
            BarChart chart = new BarChart("pattern / raw", "ratio (pattern / raw)", backends,
                    backends.stream().map(colors::get).toList());
            chart.reference = 1.0;
            chart.referenceLabel = "1.0 = no overhead";
            // ratios from 0.001 (a saga over a put) to 0.9 (tracing): a linear axis would hide all but the largest
            chart.log = Svg.auto(d.overheads.stream().map(Overhead::ratio).filter(java.util.Objects::nonNull)
                    .mapToDouble(Double::doubleValue), 30) == Svg.Axis.LOG;
            List<String> patterns = new ArrayList<>();
            d.overheads.forEach(o -> {
                if (!patterns.contains(o.pattern())) {
                    patterns.add(o.pattern());
                }
            });
            for (String p : patterns) {
                Double[] v = new Double[backends.size()];
                for (Overhead o : d.overheads) {
                    if (o.pattern().equals(p)) {
                        v[backends.indexOf(o.backend())] = o.ratio();
                    }
                }
                chart.category(p, v, null);
            }
            b.append(page.figure("fig-overheads", "Each pattern's figure over its raw operation's, same backend, same run"
                    + " (for throughput, below 1.0 is the pattern's cost)", t.toString()
                    + (chart.isEmpty() ? "" : chart.render())));
        }
    }

    static String sharding(RunData d, Page page) {
        StringBuilder b = new StringBuilder("<section id=\"sharding\"><h2>Sharding quality</h2>\n");
        if (d.sharding.isEmpty()) {
            b.append("<p class=\"missing\">No sharding results").append(d.bench == null ? " (no bench.json)"
                    : " in bench.json").append(".</p>");
            return b.append("</section>\n").toString();
        }
        StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>router</th><th>nodes</th><th>keys</th>"
                + "<th>imbalance (max/mean)</th><th>keys moved</th><th>ideal</th></tr></thead><tbody>");
        for (Model.Shard s : d.sharding) {
            t.append("<tr><td>").append(Fmt.html(s.router())).append("</td><td>").append(Fmt.html(s.change()))
                    .append("</td><td class=\"num\">").append(s.keys() == null ? "\u2013" : Fmt.num(s.keys().doubleValue()))
                    .append("</td><td class=\"num\">").append(Fmt.num(s.imbalance())).append("</td><td class=\"num\">")
                    .append(Fmt.pct(s.moved())).append("</td><td class=\"num\">").append(Fmt.pct(s.idealMoved()))
                    .append("</td></tr>");
        }
        t.append("</tbody></table>");
        b.append(page.figure("fig-sharding", "Routers as nodes are added and removed: imbalance is the most loaded"
                + " node over the mean; keys moved against the ideal (only the new node's share)", t.toString()));
        BarChart moved = new BarChart("keys moved", "% of keys", List.of("moved", "ideal"),
                List.of("#d62728", "#7f7f7f"));
        BarChart imb = new BarChart("imbalance", "max / mean", List.of("imbalance"), List.of("#1f77b4"));
        imb.reference = 1.0;
        imb.referenceLabel = "1.0 = perfectly even";
        for (Model.Shard s : d.sharding) {
            String cat = s.router() + " " + s.change();
            moved.category(cat, new Double[] {s.moved() == null ? null : s.moved() * 100,
                s.idealMoved() == null ? null : s.idealMoved() * 100}, null);
            imb.category(cat, new Double[] {s.imbalance()}, null);
        }
        b.append("<div class=\"charts\">");
        if (!moved.isEmpty()) {
            b.append(page.figure("fig-sharding-moved", "Share of keys that moved per node change, against the ideal",
                    moved.render()));
        }
        if (!imb.isEmpty()) {
            b.append(page.figure("fig-sharding-imbalance", "Load imbalance per router and node count", imb.render()));
        }
        return b.append("</div></section>\n").toString();
    }
}
