package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.reports.Model.ChaosResult;
import java.util.List;
import java.util.Map;

/** Consistency under faults: workload x nemesis x backend with the verdict, anomalies, the fault log and files. */
final class ConsistencySection {
    static final List<String> PHASES = List.of("before", "during", "after");

    private ConsistencySection() {
    }

    static String render(RunData d, Page page, Map<String, String> colors) {
        StringBuilder b = new StringBuilder("<section id=\"consistency\"><h2>Consistency under faults</h2>\n");
        if (d.checks.isEmpty()) {
            b.append("<p class=\"missing\">No chaos results in <code>checks/</code>: add <code>dsbench chaos --run-id ")
                    .append(Fmt.html(d.runId)).append(" ...</code> to this run.</p>");
            return b.append("</section>\n").toString();
        }
        StringBuilder t = new StringBuilder("<table class=\"data\" id=\"chaos-table\"><thead><tr><th>workload</th>"
                + "<th>nemesis</th><th>backend</th><th>verdict</th><th>as expected</th><th>anomalies</th>"
                + "<th>history checked</th><th>faults verified</th><th>files</th></tr></thead><tbody>");
        for (ChaosResult c : d.checks) {
            long verified = c.faults().stream().filter(f -> Boolean.TRUE.equals(Json.bool(f, "verified"))).count();
            t.append("<tr id=\"chaos-").append(Fmt.slug(c.dir())).append("\"><td>").append(Fmt.html(c.workload()))
                    .append("</td><td>").append(Fmt.html(c.nemesisText())).append("</td><td>")
                    .append(Fmt.html(c.backend())).append("</td><td class=\"v-").append(Fmt.slug(c.verdict()))
                    .append("\">").append(Fmt.html(c.verdict())).append("</td><td>")
                    .append(c.matchesExpectation() == null ? "\u2013" : c.matchesExpectation() ? "yes"
                            : "<b class=\"o-failed\">no</b>").append("</td><td>").append(anomalies(c))
                    .append("</td><td>").append(history(c))
                    .append("</td><td class=\"num\">").append(verified).append(" / ").append(c.faults().size())
                    .append("</td><td>").append(files(c)).append("</td></tr>");
        }
        t.append("</tbody></table>");
        b.append(page.figure("fig-chaos", "Verdicts of the chaos runs (Jepsen-style histories checked for"
                + " linearizability). 'As expected' compares the verdict with what the backend's declared capabilities"
                + " promise.", t.toString()));

        BarChart phases = new BarChart("Throughput before, during and after the faults", "ops/s", PHASES,
                List.of("#2ca02c", "#d62728", "#1f77b4"));
        for (ChaosResult c : d.checks) {
            Double[] v = new Double[3];
            for (int i = 0; i < 3; i++) {
                v[i] = Json.num(Json.get(c.phases(), PHASES.get(i)), "throughput_per_s");
            }
            phases.category(c.backend() + " " + c.workload() + " " + c.nemesisText(), v, null);
        }
        if (!phases.isEmpty()) {
            b.append(page.figure("fig-chaos-phases", "Throughput of the chaos workloads before, during and after the"
                    + " faults (phases of result.json)", phases.render()));
        }

        for (ChaosResult c : d.checks) {
            // a few runs: their fault logs open (the evidence the verdict rests on); many: one line each
            b.append("<details class=\"chaos-detail\"").append(d.checks.size() <= 3 ? " open" : "").append("><summary>").append(Fmt.html(c.key())).append(": ")
                    .append(Fmt.html(c.verdict())).append("</summary>");
            b.append("<p>").append(c.seed() == null ? "" : "seed " + c.seed() + "; ")
                    .append(c.timeS() == null ? "" : Fmt.num(c.timeS()) + " s; ")
                    .append(c.ratePerS() == null ? "" : Fmt.num(c.ratePerS()) + " ops/s offered; ")
                    .append(c.clients() == null ? "" : c.clients() + " clients").append("</p>");
            if (c.expected() != null) {
                b.append("<p>Expected: ").append(Fmt.html(c.expected())).append("</p>");
            }
            if (c.checkSummary() != null) {
                b.append("<p>Checker: ").append(Fmt.html(c.checkSummary())).append("</p>");
            }
            if (!c.faults().isEmpty()) {
                b.append("<table class=\"data\"><thead><tr><th>at</th><th>until</th><th>nemesis</th><th>target</th>"
                        + "<th>verified</th><th>evidence</th></tr></thead><tbody>");
                for (JsonNode f : c.faults()) {
                    b.append("<tr><td class=\"num\">").append(ms(Json.num(f, "at_ms"))).append("</td><td class=\"num\">")
                            .append(ms(Json.num(f, "end_ms"))).append("</td><td>").append(Fmt.html(Json.text(f, "nemesis")))
                            .append("</td><td>").append(Fmt.html(Json.text(f, "target"))).append("</td><td>")
                            .append(Boolean.TRUE.equals(Json.bool(f, "verified")) ? "yes" : "<b class=\"o-failed\">no</b>")
                            .append("</td><td>").append(Fmt.html(Json.text(f, "evidence"))).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
            if (c.phases().isObject()) {
                b.append("<table class=\"data\"><thead><tr><th>phase</th><th>ops</th><th>ok</th><th>fail</th>"
                        + "<th>info</th><th>ops/s</th><th>p50</th><th>p99</th></tr></thead><tbody>");
                for (String p : PHASES) {
                    JsonNode ph = Json.get(c.phases(), p);
                    b.append("<tr><td>").append(p).append("</td>");
                    for (String k : List.of("ops", "ok", "fail", "info", "throughput_per_s")) {
                        Double v = Json.num(ph, k);
                        // counts as counts (0, not 0.00)
                        b.append("<td class=\"num\">").append(v == null ? "\u2013" : k.startsWith("t") ? Fmt.num(v)
                                : Fmt.count(Math.round(v))).append("</td>");
                    }
                    b.append("<td class=\"num\">").append(ms(Json.num(ph, "p50_ms"))).append("</td><td class=\"num\">")
                            .append(ms(Json.num(ph, "p99_ms"))).append("</td></tr>");
                }
                b.append("</tbody></table>");
            }
            for (JsonNode ex : c.anomalyExamples()) {
                b.append("<p><b>").append(Fmt.html(Json.text(ex, "kind"))).append("</b></p><pre>");
                Json.texts(ex, "ops").forEach(op -> b.append(Fmt.html(op)).append('\n'));
                b.append("</pre>");
            }
            b.append("</details>");
        }
        return b.append("</section>\n").toString();
    }

    /** How much was checked: "1,854 ops, 10 keys; 20 s at 100 ops/s, 5 clients" (what result.json gives). */
    private static String history(ChaosResult c) {
        List<String> parts = new java.util.ArrayList<>();
        Double ops = Json.num(c.counts(), "operations_checked");
        if (ops == null) {
            double sum = 0;
            boolean any = false;
            for (String p : PHASES) {
                Double n = Json.num(Json.get(c.phases(), p), "ops");
                if (n != null) {
                    sum += n;
                    any = true;
                }
            }
            ops = any ? sum : null;
        }
        if (ops != null) {
            Double keys = Json.num(c.counts(), "keys");
            parts.add(Fmt.count(ops.longValue()) + " ops" + (keys == null ? "" : ", " + keys.longValue() + " keys"));
        }
        if (c.timeS() != null) {
            parts.add(Fmt.num(c.timeS()) + " s" + (c.ratePerS() == null ? "" : " at " + Fmt.num(c.ratePerS())
                    + " ops/s") + (c.clients() == null ? "" : ", " + c.clients() + " clients"));
        }
        return parts.isEmpty() ? "\u2013" : Fmt.html(String.join("; ", parts));
    }

    private static String anomalies(ChaosResult c) {
        if (c.anomalies().isEmpty()) {
            return "\u2013";
        }
        StringBuilder s = new StringBuilder();
        c.anomalies().forEach((k, v) -> s.append(s.length() == 0 ? "" : "<br>")
                .append(v != null && v > 0 ? "<b class=\"o-failed\">" : "<span>").append(Fmt.html(k.replace('_', ' ')))
                .append(": ").append(v == null ? "?" : v).append(v != null && v > 0 ? "</b>" : "</span>"));
        return s.toString();
    }

    private static String files(ChaosResult c) {
        StringBuilder s = new StringBuilder();
        c.files().forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append("<a href=\"checks/")
                .append(Fmt.html(c.dir())).append('/').append(Fmt.html(v)).append("\">").append(Fmt.html(k.replace('_', ' ')))
                .append("</a>"));
        return s.length() == 0 ? "\u2013" : s.toString();
    }

    private static String ms(Double v) {
        return v == null ? "\u2013" : Fmt.num(v) + " ms";
    }
}
