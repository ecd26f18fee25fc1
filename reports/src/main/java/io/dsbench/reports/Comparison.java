package io.dsbench.reports;

import io.dsbench.reports.Model.Benchmark;
import io.dsbench.reports.Model.RuleRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This run against another: rules whose outcome changed, chaos verdicts that changed, and benchmark differences.
 * A difference is a regression or an improvement only when it is larger than the two runs' own spread: JMH's
 * error bounds (its 99.9% confidence half-widths) must not overlap. A fixed percentage is never used; a benchmark
 * without an error bound is shown but not judged.
 */
final class Comparison {
    record RuleChange(String rule, String backend, String before, String after, String message) {
    }

    record VerdictChange(String key, String before, String after) {
    }

    /** {@code judgement}: regression, improvement, within noise, not judged (no spread), or new / gone. */
    record PerfChange(String key, String unit, Double before, Double beforeError, Double after, Double afterError,
                      String judgement) {
        Double relative() {
            return before == null || after == null || before == 0 ? null : (after - before) / before;
        }
    }

    final String otherId;
    final List<RuleChange> rules = new ArrayList<>();
    final List<VerdictChange> verdicts = new ArrayList<>();
    final List<PerfChange> perf = new ArrayList<>();

    private Comparison(String otherId) {
        this.otherId = otherId;
    }

    /** {@code now} compared with the earlier {@code before}. */
    static Comparison of(RunData now, RunData before) {
        Comparison c = new Comparison(before.runId);
        Map<String, RuleRow> a = new LinkedHashMap<>();
        before.rules.forEach(r -> a.put(r.rule() + "@" + r.backend(), r));
        Map<String, RuleRow> b = new LinkedHashMap<>();
        now.rules.forEach(r -> b.put(r.rule() + "@" + r.backend(), r));
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            RuleRow x = a.get(k);
            RuleRow y = b.get(k);
            String o1 = x == null ? "absent" : x.outcome();
            String o2 = y == null ? "absent" : y.outcome();
            if (!o1.equals(o2)) {
                RuleRow any = y != null ? y : x;
                c.rules.add(new RuleChange(any.rule(), any.backend(), o1, o2, y == null ? null : y.message()));
            }
        }
        c.rules.sort((p, q) -> ConformanceSection.ruleOrder(p.rule(), q.rule()));

        Map<String, String> va = new LinkedHashMap<>();
        before.checks.forEach(ch -> va.put(ch.key(), ch.verdict()));
        Map<String, String> vb = new LinkedHashMap<>();
        now.checks.forEach(ch -> vb.put(ch.key(), ch.verdict()));
        Set<String> vk = new LinkedHashSet<>(va.keySet());
        vk.addAll(vb.keySet());
        for (String k : vk) {
            String v1 = va.getOrDefault(k, "absent");
            String v2 = vb.getOrDefault(k, "absent");
            if (!v1.equals(v2)) {
                c.verdicts.add(new VerdictChange(k, v1, v2));
            }
        }

        Map<String, Benchmark> ba = new LinkedHashMap<>();
        before.benchmarks.forEach(x -> ba.put(x.key(), x));
        Map<String, Benchmark> bb = new LinkedHashMap<>();
        now.benchmarks.forEach(x -> bb.put(x.key(), x));
        Set<String> bk = new LinkedHashSet<>(ba.keySet());
        bk.addAll(bb.keySet());
        for (String k : bk) {
            Benchmark x = ba.get(k);
            Benchmark y = bb.get(k);
            Benchmark any = y != null ? y : x;
            Double s1 = x != null && x.ok() ? x.score() : null;
            Double s2 = y != null && y.ok() ? y.score() : null;
            c.perf.add(new PerfChange(k, any.unit(), s1, x == null ? null : x.error(), s2, y == null ? null : y.error(),
                    judge(s1, x == null ? null : x.error(), s2, y == null ? null : y.error(), any.higherIsBetter())));
        }
        return c;
    }

    /**
     * Regression when the intervals [score - error, score + error] of the two runs do not overlap and the new one
     * is worse; improvement when they do not overlap and it is better; else within noise.
     */
    static String judge(Double before, Double beforeErr, Double after, Double afterErr, boolean higherIsBetter) {
        if (before == null && after == null) {
            return "no figure in either run";
        }
        if (before == null) {
            return "new (no figure before)";
        }
        if (after == null) {
            return "gone (no figure now)";
        }
        if (beforeErr == null || afterErr == null) {
            return "not judged (no error bound)";
        }
        double diff = after - before;
        if (Math.abs(diff) <= beforeErr + afterErr) {
            return "within noise";
        }
        boolean better = higherIsBetter ? diff > 0 : diff < 0;
        return better ? "improvement" : "regression";
    }

    long regressions() {
        return perf.stream().filter(p -> p.judgement().equals("regression")).count();
    }

    String render(Page page) {
        StringBuilder b = new StringBuilder("<section id=\"compare\"><h2>Compared with run ")
                .append(Fmt.html(otherId)).append("</h2>\n");
        b.append("<p>").append(rules.size()).append(" rule outcome(s) changed, ").append(verdicts.size())
                .append(" chaos verdict(s) changed, ").append(regressions())
                .append(" benchmark regression(s) beyond the runs' own error bounds.</p>");
        StringBuilder t = new StringBuilder("<table class=\"data\" id=\"compare-rules\"><thead><tr><th>rule</th>"
                + "<th>backend</th><th>before</th><th>now</th><th>message now</th></tr></thead><tbody>");
        if (rules.isEmpty()) {
            t.append("<tr><td colspan=\"5\">No rule changed outcome.</td></tr>");
        }
        for (RuleChange r : rules) {
            t.append("<tr><td>").append(Fmt.html(r.rule())).append("</td><td>").append(Fmt.html(r.backend()))
                    .append("</td><td class=\"o-").append(Fmt.slug(r.before())).append("\">").append(Fmt.html(r.before()))
                    .append("</td><td class=\"o-").append(Fmt.slug(r.after())).append("\">").append(Fmt.html(r.after()))
                    .append("</td><td>").append(Fmt.html(r.message())).append("</td></tr>");
        }
        b.append(page.figure("fig-compare-rules", "Rules whose outcome changed since " + otherId,
                t.append("</tbody></table>").toString()));
        StringBuilder v = new StringBuilder("<table class=\"data\" id=\"compare-verdicts\"><thead><tr><th>workload / "
                + "backend / nemesis</th><th>before</th><th>now</th></tr></thead><tbody>");
        if (verdicts.isEmpty()) {
            v.append("<tr><td colspan=\"3\">No chaos verdict changed.</td></tr>");
        }
        for (VerdictChange x : verdicts) {
            v.append("<tr><td>").append(Fmt.html(x.key())).append("</td><td>").append(Fmt.html(x.before()))
                    .append("</td><td>").append(Fmt.html(x.after())).append("</td></tr>");
        }
        b.append(page.figure("fig-compare-verdicts", "Chaos verdicts that changed since " + otherId,
                v.append("</tbody></table>").toString()));
        StringBuilder p = new StringBuilder("<table class=\"data\" id=\"compare-perf\"><thead><tr><th>benchmark</th>"
                + "<th>before</th><th>now</th><th>change</th><th>judgement</th></tr></thead><tbody>");
        if (perf.isEmpty()) {
            p.append("<tr><td colspan=\"5\">No benchmarks in either run.</td></tr>");
        }
        for (PerfChange x : perf) {
            String cls = switch (x.judgement()) {
                case "regression" -> " class=\"o-failed\"";
                case "improvement" -> " class=\"o-passed\"";
                default -> "";
            };
            p.append("<tr><td>").append(Fmt.html(x.key())).append("</td><td class=\"num\">").append(pm(x.before(),
                    x.beforeError())).append("</td><td class=\"num\">").append(pm(x.after(), x.afterError()))
                    .append("</td><td class=\"num\">").append(x.relative() == null ? "\u2013"
                            : (x.relative() >= 0 ? "+" : "") + Fmt.pct(x.relative())).append("</td><td").append(cls)
                    .append(">").append(Fmt.html(x.judgement())).append("</td></tr>");
        }
        b.append(page.figure("fig-compare-perf", "Benchmarks now and in " + otherId + "; a regression is a change"
                + " beyond both runs' JMH error bounds (the intervals score \u00b1 error do not overlap)",
                p.append("</tbody></table>").toString()));
        return b.append("</section>\n").toString();
    }

    static String pm(Double v, Double err) {
        return v == null ? "\u2013" : Fmt.num(v) + (err == null ? "" : " \u00b1 " + Fmt.num(err));
    }
}
