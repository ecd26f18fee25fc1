package io.dsbench.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** summary.json (for machines and for comparing runs) and summary.md (for pasting into a review). */
final class Summaries {
    private Summaries() {
    }

    static ObjectNode json(RunData d, HtmlReport r, Comparison cmp, String generated) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schema", "dsbench-report/1");
        root.put("run_id", d.runId);
        root.put("generated", generated);
        root.set("backends", Json.MAPPER.valueToTree(d.backends()));
        ArrayNode problems = root.putArray("problems");
        d.problems.forEach(p -> problems.addObject().put("file", p.file())
                .put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT)).put("message", p.message()));
        ObjectNode conf = root.putObject("conformance");
        conf.put("source", d.rulesSource);
        conf.put("complete", d.conformanceComplete);
        ObjectNode counts = conf.putObject("counts");
        ConformanceSection.counts(d).forEach((b, c) -> counts.set(b, Json.MAPPER.valueToTree(c)));
        if (!d.notRun.isEmpty()) {
            ObjectNode nr = conf.putObject("not_run"); // interrupted: backend -> the rules that did not run
            d.notRun.forEach(n -> nr.set(n.backend(), Json.MAPPER.valueToTree(n.rules().stream()
                    .map(Model.RuleRow::rule).toList())));
        }
        ArrayNode notPassed = conf.putArray("not_passed");
        d.rules.stream().filter(x -> !x.outcome().equals("passed")).forEach(x -> notPassed.addObject()
                .put("rule", x.rule()).put("backend", x.backend()).put("outcome", x.outcome())
                .put("message", x.message()));
        ArrayNode chaos = root.putArray("consistency");
        d.checks.forEach(c -> {
            ObjectNode n = chaos.addObject().put("workload", c.workload()).put("backend", c.backend())
                    .put("nemesis", c.nemesisText()).put("verdict", c.verdict());
            if (c.matchesExpectation() != null) {
                n.put("matches_expectation", c.matchesExpectation());
            }
            n.set("anomalies", Json.MAPPER.valueToTree(c.anomalies()));
        });
        ObjectNode perf = root.putObject("performance");
        ArrayNode bms = perf.putArray("benchmarks");
        d.benchmarks.forEach(x -> bms.addObject().put("benchmark", x.label()).put("backend", x.backend())
                .put("mode", x.mode()).put("score", x.score()).put("error", x.error()).put("unit", x.unit())
                .put("status", x.status()));
        ArrayNode lat = perf.putArray("latency");
        d.hlogs.values().forEach(h -> lat.addObject().put("backend", h.backend).put("op", h.op).put("file", h.file)
                .put("tag", h.shownTag).put("count", h.count()).put("p50_us", h.percentileUs(50)).put("p99_us", h.percentileUs(99))
                .put("p999_us", h.percentileUs(99.9)).put("max_us", h.maxUs()));
        ArrayNode knees = perf.putArray("knees");
        d.sweeps.forEach(s -> knees.addObject().put("backend", s.backend()).put("op", s.op())
                .put("knee_rate_per_s", s.kneeRate()).put("knee_found", s.kneeFound())
                .put("p99_bound_us", s.p99BoundUs()));
        ArrayNode base = perf.putArray("baselines");
        d.baselines.forEach(x -> base.addObject().put("backend", x.backend()).put("op", x.op()).put("tool", x.tool())
                .put("ratio", x.ratio()).put("goal", x.goal()));
        if (d.tradeoffs != null && Json.get(d.tradeoffs, "rows").isArray()) {
            root.set("tradeoffs", Json.get(d.tradeoffs, "rows")); // the table, as tradeoffs.json has it
        }
        ArrayNode sentences = root.putArray("conclusions");
        r.conclusions.forEach(s -> sentences.addObject().put("subject", s.subject()).put("text", s.text())
                .put("figure", r.page.label(s.figure())).put("figure_id", s.figure())
                .put("figure_caption", r.page.caption(s.figure())));
        if (cmp != null) {
            ObjectNode c = root.putObject("comparison");
            c.put("other_run_id", cmp.otherId);
            c.set("rules_changed", Json.MAPPER.valueToTree(cmp.rules));
            c.set("verdicts_changed", Json.MAPPER.valueToTree(cmp.verdicts));
            c.set("performance", Json.MAPPER.valueToTree(cmp.perf));
            c.put("regressions", cmp.regressions());
        }
        return root;
    }

    /** A caption up to its first parenthesis, colon or sentence end. */
    static String shortCaption(String caption) {
        String c = caption.split("\\. |: | \\(")[0];
        return c.length() > 80 ? c.substring(0, 79) + "\u2026" : c;
    }

    static String markdown(RunData d, HtmlReport r, Comparison cmp, String generated) {
        StringBuilder m = new StringBuilder();
        m.append("# dsbench report: ").append(d.runId).append("\n\n");
        m.append("Generated ").append(generated).append(" \u00b7 backends ").append(String.join(", ", d.backends()))
                .append(" \u00b7 full report: index.html\n\n");
        m.append("## What to conclude\n\n");
        if (r.conclusions.isEmpty()) {
            m.append("Nothing to conclude: no result file held usable figures.\n");
        }
        r.conclusions.forEach(s -> m.append("- **").append(s.subject()).append("**: ").append(s.text()).append(" (")
                .append(r.page.label(s.figure())).append(": ").append(shortCaption(r.page.caption(s.figure())))
                .append(")\n"));
        if (!d.problems.isEmpty()) {
            m.append("\n## Missing or incomplete\n\n");
            d.problems.forEach(p -> m.append("- `").append(p.file()).append("` (")
                    .append(p.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append("): ")
                    .append(p.message()).append('\n'));
        }
        Map<String, Map<String, Integer>> counts = ConformanceSection.counts(d);
        if (!counts.isEmpty()) {
            m.append("\n## Conformance\n\n| backend | passed | failed | error | unknown | skipped |\n|---|---|---|---|---|---|\n");
            counts.forEach((b, c) -> m.append("| ").append(b).append(" | ").append(c.get("passed")).append(" | ")
                    .append(c.get("failed")).append(" | ").append(c.get("error")).append(" | ").append(c.get("unknown"))
                    .append(" | ").append(c.get("skipped")).append(" |\n"));
            d.rules.stream().filter(x -> java.util.List.of("failed", "error", "unknown").contains(x.outcome()))
                    .forEach(x -> m.append("\n- ").append(x.rule()).append(" on ").append(x.backend()).append(": ")
                            .append(x.outcome()).append(" \u2014 ").append(Fmt.md(x.message())));
            m.append('\n');
        }
        if (!d.checks.isEmpty()) {
            m.append("\n## Consistency under faults\n\n| workload | nemesis | backend | verdict | as expected | anomalies |\n"
                    + "|---|---|---|---|---|---|\n");
            d.checks.forEach(c -> m.append("| ").append(Fmt.md(c.workload())).append(" | ").append(Fmt.md(c.nemesisText()))
                    .append(" | ").append(Fmt.md(c.backend())).append(" | ").append(Fmt.md(c.verdict())).append(" | ")
                    .append(c.matchesExpectation() == null ? "\u2013" : c.matchesExpectation() ? "yes" : "**no**")
                    .append(" | ").append(Fmt.md(c.anomalies().toString())).append(" |\n"));
        }
        if (!d.benchmarks.isEmpty()) {
            m.append("\n## Benchmarks\n\n| benchmark | backend | mode | score | error | unit | status |\n"
                    + "|---|---|---|---|---|---|---|\n");
            d.benchmarks.forEach(x -> m.append("| ").append(Fmt.md(x.label())).append(" | ").append(Fmt.md(x.backend()))
                    .append(" | ").append(Fmt.md(x.mode())).append(" | ").append(Fmt.num(x.score())).append(" | ")
                    .append(Fmt.num(x.error())).append(" | ").append(Fmt.md(x.unit())).append(" | ")
                    .append(Fmt.md(x.ok() ? "ok" : x.status() + (x.reason() == null ? "" : ": " + x.reason())))
                    .append(" |\n"));
        }
        m.append(TradeoffsSection.markdown(d));
        if (cmp != null) {
            m.append("\n## Compared with ").append(cmp.otherId).append("\n\n");
            m.append(cmp.rules.size()).append(" rule outcome(s) changed, ").append(cmp.verdicts.size())
                    .append(" verdict(s) changed, ").append(cmp.regressions()).append(" regression(s) beyond the runs'"
                    + " error bounds.\n\n");
            cmp.rules.forEach(x -> m.append("- ").append(x.rule()).append(" on ").append(x.backend()).append(": ")
                    .append(x.before()).append(" \u2192 ").append(x.after()).append('\n'));
            cmp.verdicts.forEach(x -> m.append("- ").append(x.key()).append(": ").append(x.before()).append(" \u2192 ")
                    .append(x.after()).append('\n'));
            cmp.perf.stream().filter(x -> !x.judgement().equals("within noise")).forEach(x -> m.append("- ")
                    .append(x.key()).append(": ").append(Comparison.pm(x.before(), x.beforeError())).append(" \u2192 ")
                    .append(Comparison.pm(x.after(), x.afterError())).append(' ').append(x.unit() == null ? "" : x.unit())
                    .append(" \u2014 ").append(x.judgement()).append('\n'));
        }
        return m.toString();
    }
}
