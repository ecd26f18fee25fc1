package io.dsbench.reports;

import io.dsbench.reports.Model.Benchmark;
import io.dsbench.reports.Model.ChaosResult;
import io.dsbench.reports.Model.RuleRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * "What to conclude": short generated sentences per backend, each made from one figure or table on the page and
 * naming it. A sentence is only made when its figure was drawn, so every sentence can be traced.
 */
final class Conclusions {
    /** One sentence about {@code subject} (a backend, or "sharding"), taken from figure {@code figure}. */
    record Sentence(String subject, String text, String figure) {
    }

    private Conclusions() {
    }

    static List<Sentence> build(RunData d, Page page) {
        List<Sentence> out = new ArrayList<>();
        Map<String, Map<String, Integer>> counts = ConformanceSection.counts(d);
        for (String be : d.backends()) {
            Map<String, Integer> c = counts.get(be);
            if (c != null && page.has("fig-conformance-summary")) {
                int run = c.values().stream().mapToInt(Integer::intValue).sum() - c.get("skipped");
                StringBuilder s = new StringBuilder("passed " + c.get("passed") + " of " + run + " rules run");
                List<String> failedIds = d.rules.stream().filter(r -> r.backend().equals(be)
                        && r.outcome().equals("failed")).map(RuleRow::rule).toList();
                List<String> extra = new ArrayList<>();
                if (!failedIds.isEmpty()) {
                    extra.add(failedIds.size() + " failed (" + abbreviate(failedIds) + ")");
                }
                if (c.get("error") > 0) {
                    extra.add(c.get("error") + " ended in error");
                }
                if (c.get("unknown") > 0) {
                    extra.add(c.get("unknown") + " undecided");
                }
                if (c.get("skipped") > 0) {
                    extra.add(c.get("skipped") + " skipped for a capability it does not declare");
                }
                if (!extra.isEmpty()) {
                    s.append("; ").append(String.join(", ", extra));
                }
                int notRun = d.notRun.stream().filter(n -> n.backend().equals(be)).mapToInt(n -> n.rules().size()).sum();
                if (notRun > 0) {
                    s.append("; ").append(notRun).append(" rules did not run (the run was interrupted)");
                } else if (!d.conformanceComplete) {
                    s.append(" (the run did not finish)");
                }
                out.add(new Sentence(be, s.toString(), "fig-conformance-summary"));
            }
            if (page.has("fig-chaos")) {
                for (ChaosResult ch : d.checks) {
                    if (!ch.backend().equals(be)) {
                        continue;
                    }
                    StringBuilder s = new StringBuilder(ch.workload() + " under " + ch.nemesisText() + ": "
                            + ch.verdict());
                    ch.anomalies().forEach((k, v) -> {
                        if (v != null && v > 0) {
                            s.append(", ").append(v).append(' ').append(k.replace('_', ' '));
                        }
                    });
                    if (Boolean.FALSE.equals(ch.matchesExpectation())) {
                        s.append(" \u2014 contradicts what its declared capabilities promise");
                    } else if (Boolean.TRUE.equals(ch.matchesExpectation())) {
                        s.append(" (matches its declared capabilities)");
                    }
                    out.add(new Sentence(be, s.toString(), "fig-chaos"));
                }
            }
            if (page.has("fig-baselines")) {
                List<String> parts = new ArrayList<>();
                for (Model.Baseline x : d.baselines) {
                    if (x.backend().equals(be) && x.ratio() != null) {
                        Boolean met = x.meetsGoal();
                        parts.add((x.label() != null ? x.label() + ": " + Fmt.ratio(x.ratio())
                                : x.op() + " " + Fmt.ratio(x.ratio()) + " " + x.tool())
                                + (met == null ? "" : met ? " (goal " + x.goal() + " met)" : " (goal " + x.goal()
                                + " missed)"));
                    }
                }
                if (!parts.isEmpty()) {
                    out.add(new Sentence(be, String.join(", ", parts), "fig-baselines"));
                }
            }
            if (page.has("fig-benchmarks")) {
                // the backend's own benchmarks: not the reference libraries measured beside it (baseline.*)
                List<Benchmark> ok = d.benchmarks.stream().filter(b -> b.backend().equals(be) && b.ok()
                        && b.higherIsBetter() && !b.name().startsWith("baseline."))
                        .sorted(Comparator.comparingDouble(Benchmark::score)).toList();
                if (ok.size() >= 2) {
                    Benchmark lo = ok.get(0);
                    Benchmark hi = ok.get(ok.size() - 1);
                    out.add(new Sentence(be, "fastest benchmark " + hi.label() + " at " + score(hi) + ", slowest "
                            + lo.label() + " at " + score(lo), "fig-benchmarks"));
                } else if (ok.size() == 1) {
                    out.add(new Sentence(be, ok.get(0).label() + " at " + score(ok.get(0)), "fig-benchmarks"));
                }
                long failed = d.benchmarks.stream().filter(b -> b.backend().equals(be) && !b.ok()).count();
                if (failed > 0) {
                    out.add(new Sentence(be, failed + " benchmark(s) failed and have no figure", "fig-benchmarks"));
                }
            }
            for (Model.Sweep s : d.sweeps) {
                String fig = "fig-sweep-" + Fmt.slug(s.op());
                if (s.backend().equals(be) && page.has(fig)) {
                    out.add(new Sentence(be, !s.kneeFound()
                            ? s.op() + ": no knee within the rates tried (p99 stayed under "
                            + Fmt.micros(s.p99BoundUs()) + (s.topRate() == null ? "" : " up to the top rate tried, "
                            + Fmt.num(s.topRate()) + " ops/s offered") + ")" : s.op() + " keeps p99 under " + Fmt.micros(s.p99BoundUs())
                            + " up to " + Fmt.num(s.kneeRate()) + " ops/s offered (the knee)", fig));
                }
            }
            for (LatencyLog h : d.hlogs.values()) {
                String fig = "fig-latency-" + Fmt.slug(h.op);
                if (h.backend.equals(be) && page.has(fig)) {
                    out.add(new Sentence(be, h.op + " latency" + (h.shownTag.isEmpty() ? "" : " " + h.shownWhat())
                            + ": p50 " + Fmt.micros(h.percentileUs(50)) + ", p99 "
                            + Fmt.micros(h.percentileUs(99)) + ", p99.9 " + Fmt.micros(h.percentileUs(99.9)) + ", max "
                            + Fmt.micros(h.maxUs()) + " (" + Fmt.count(h.count()) + " requests, " + h.file + ")", fig));
                }
            }
            if (page.has("fig-overheads")) {
                List<String> parts = new ArrayList<>();
                for (Model.Overhead o : d.overheads) {
                    if (o.backend().equals(be) && o.ratio() != null) {
                        parts.add(o.pattern().contains(" vs ") ? o.pattern() + " " + Fmt.ratio(o.ratio())
                                : o.pattern() + " " + Fmt.ratio(o.ratio()) + " of " + o.raw());
                    }
                }
                if (!parts.isEmpty()) {
                    out.add(new Sentence(be, "patterns over their raw operation: " + String.join(", ", parts),
                            "fig-overheads"));
                }
            }
        }
        if (page.has("fig-sharding")) {
            for (Model.Shard s : d.sharding) {
                out.add(new Sentence("sharding", s.router() + " " + s.change() + " nodes: imbalance "
                        + Fmt.num(s.imbalance()) + ", moved " + Fmt.pct(s.moved()) + " of keys (ideal "
                        + Fmt.pct(s.idealMoved()) + ")", "fig-sharding"));
            }
        }
        return out;
    }

    static String render(List<Sentence> sentences, RunData d, Page page) {
        StringBuilder b = new StringBuilder("<section id=\"conclusions\"><h2>What to conclude</h2>\n"
                + "<p class=\"muted\">Generated from the figures below; each sentence links to the one it comes from."
                + "</p><div class=\"conclusions\">");
        if (sentences.isEmpty()) {
            b.append("<p class=\"missing\">Nothing to conclude: no result file held usable figures.</p>");
        }
        String subject = null;
        for (Sentence s : sentences) {
            if (!s.subject().equals(subject)) {
                if (subject != null) {
                    b.append("</ul></div>");
                }
                subject = s.subject();
                b.append("<div class=\"conclusion\" data-subject=\"").append(Fmt.html(subject)).append("\"><b>")
                        .append(Fmt.html(subject)).append("</b><ul>");
            }
            b.append("<li class=\"sentence\">").append(Fmt.html(s.text())).append(" (").append(page.ref(s.figure()))
                    .append(")</li>");
        }
        if (subject != null) {
            b.append("</ul></div>");
        }
        b.append("</div>");
        if (!d.problems.isEmpty()) {
            long broken = d.problems.stream().filter(p -> p.kind() != Model.Problem.Kind.NOT_PRODUCED).count();
            b.append("<p class=\"muted\">").append(d.problems.size()).append(" result file(s) missing or incomplete")
                    .append(broken > 0 ? " (" + broken + " broken or partial)" : "")
                    .append(": see <a href=\"#problems\">what is missing</a>.</p>");
        }
        return b.append("</section>\n").toString();
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String score(Benchmark b) {
        return Fmt.num(b.score()) + (b.error() == null ? "" : " \u00b1 " + Fmt.num(b.error())) + " "
                + (b.unit() == null ? "" : b.unit());
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 6 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 6)) + ", \u2026";
    }
}
