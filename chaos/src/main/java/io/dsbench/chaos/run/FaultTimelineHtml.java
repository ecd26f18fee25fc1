package io.dsbench.chaos.run;

import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML page for one chaos run: the verdict, the fault windows on a time axis above the per-second
 * counts of ok / fail / info completions (so the effect of each fault on the clients is visible), the phases and the
 * anomalies with their example ops. No scripts, no external resources.
 */
final class FaultTimelineHtml {
    private FaultTimelineHtml() {
    }

    static String render(ChaosResult r, History h) {
        TreeMap<Long, long[]> perSecond = new TreeMap<>();
        Map<Integer, Op> pending = new HashMap<>();
        long maxSec = 0;
        for (Op op : h) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                pending.put(op.process(), op);
                continue;
            }
            pending.remove(op.process());
            long s = op.time() / 1_000_000_000L;
            maxSec = Math.max(maxSec, s);
            long[] c = perSecond.computeIfAbsent(s, k -> new long[3]);
            c[op.type() == OpType.OK ? 0 : op.type() == OpType.FAIL ? 1 : 2]++;
        }
        long peak = 1;
        for (long[] c : perSecond.values()) {
            peak = Math.max(peak, c[0] + c[1] + c[2]);
        }
        double width = Math.max(1, maxSec + 1);
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(r.dir().getFileName()
                .toString())).append("</title><style>body{font:14px sans-serif;margin:20px}"
                + ".axis{position:relative;height:24px;background:#f4f4f4;margin:2px 0}"
                + ".f{position:absolute;top:0;height:24px;background:#e67e22;opacity:.8;color:#fff;font-size:11px;"
                + "overflow:hidden;white-space:nowrap}.bars{position:relative;height:120px;background:#fafafa}"
                + ".b{position:absolute;bottom:0}.ok{background:#27ae60}.fail{background:#c0392b}.info{background:#f1c40f}"
                + "td,th{padding:2px 8px;text-align:right}pre{white-space:pre-wrap}</style></head><body>");
        sb.append("<h1>").append(esc(r.dir().getFileName().toString())).append("</h1>");
        sb.append("<p><b>verdict: ").append(esc(r.verdict())).append("</b>, ")
                .append(r.matchesExpectation() ? "matches" : "<b>does not match</b>").append(" the expectation. ")
                .append(esc(r.message())).append("</p><p>expected: ").append(esc(r.expectation().text())).append("</p>");
        sb.append("<h2>Faults and client outcomes per second</h2>");
        for (Fault f : r.faults()) {
            double left = 100.0 * f.atMs() / 1000.0 / width;
            double w = Math.max(0.5, 100.0 * Math.max(0, f.endMs() - f.atMs()) / 1000.0 / width);
            sb.append("<div class=\"axis\"><div class=\"f\" style=\"left:").append(fmt(left)).append("%;width:")
                    .append(fmt(w)).append("%\" title=\"").append(esc(f.toString())).append("\">")
                    .append(esc(f.nemesis() + " " + f.target())).append("</div></div>");
        }
        sb.append("<div class=\"bars\">");
        for (Map.Entry<Long, long[]> e : perSecond.entrySet()) {
            long[] c = e.getValue();
            double left = 100.0 * e.getKey() / width;
            double w = 100.0 / width * 0.9;
            double base = 0;
            String[] cls = {"ok", "fail", "info"};
            for (int i = 0; i < 3; i++) {
                double hgt = 100.0 * c[i] / peak;
                if (c[i] > 0) {
                    sb.append("<div class=\"b ").append(cls[i]).append("\" style=\"left:").append(fmt(left))
                            .append("%;width:").append(fmt(w)).append("%;bottom:").append(fmt(base)).append("%;height:")
                            .append(fmt(hgt)).append("%\" title=\"").append(e.getKey()).append(" s: ").append(c[0])
                            .append(" ok, ").append(c[1]).append(" fail, ").append(c[2]).append(" info\"></div>");
                }
                base += hgt;
            }
        }
        sb.append("</div><p>0 to ").append(maxSec + 1).append(" s; green ok, red fail, yellow info (indeterminate); ")
                .append("peak ").append(peak).append(" completions/s</p>");
        sb.append("<h2>Phases</h2><table><tr><th>phase</th><th>s</th><th>ops</th><th>ok</th><th>fail</th><th>info</th>"
                + "<th>ok/s</th><th>p50 ms</th><th>p99 ms</th></tr>");
        for (PhaseStats p : r.phases()) {
            sb.append("<tr><td>").append(p.name()).append("</td><td>").append(p.seconds()).append("</td><td>")
                    .append(p.ops()).append("</td><td>").append(p.ok()).append("</td><td>").append(p.fail())
                    .append("</td><td>").append(p.info()).append("</td><td>").append(p.throughputPerS())
                    .append("</td><td>").append(p.p50Ms()).append("</td><td>").append(p.p99Ms()).append("</td></tr>");
        }
        sb.append("</table><h2>Fault log</h2><ul>");
        for (Fault f : r.faults()) {
            sb.append("<li>").append(esc(f.toString())).append("</li>");
        }
        sb.append("</ul><h2>Anomalies</h2><p>").append(esc(r.outcome().anomalies().toString())).append("</p>");
        for (var e : r.outcome().examples()) {
            sb.append("<h3>").append(esc(e.kind())).append("</h3><pre>");
            e.ops().forEach(x -> sb.append(esc(x)).append('\n'));
            sb.append("</pre>");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String fmt(double d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
