package io.dsbench.reports;

import io.dsbench.reports.Model.RuleRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conformance matrix: one row per rule, one column per backend, grouped by the rule's group (its pattern),
 * with filters by backend and outcome; failure messages below it and each rule's text in an appendix.
 */
final class ConformanceSection {
    static final List<String> OUTCOMES = List.of("passed", "failed", "error", "unknown", "skipped");

    private ConformanceSection() {
    }

    /** Outcome counts per backend, in {@link #OUTCOMES} order. */
    static Map<String, Map<String, Integer>> counts(RunData d) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (String b : ruleBackendNames(d)) {
            Map<String, Integer> c = new LinkedHashMap<>();
            OUTCOMES.forEach(o -> c.put(o, 0));
            counts.put(b, c);
        }
        for (RuleRow r : d.rules) {
            counts.get(r.backend()).merge(r.outcome(), 1, Integer::sum);
        }
        return counts;
    }

    static List<String> ruleBackendNames(RunData d) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        d.ruleBackends.forEach(b -> names.add(b.name()));
        d.rules.forEach(r -> names.add(r.backend()));
        d.notRun.forEach(n -> names.add(n.backend()));
        return new ArrayList<>(names);
    }

    static String render(RunData d, Page page) {
        StringBuilder b = new StringBuilder("<section id=\"conformance\"><h2>Conformance</h2>\n");
        if (d.rules.isEmpty()) {
            b.append("<p class=\"missing\">No conformance results").append(d.rulesSource == null
                    ? " (see <a href=\"#problems\">what is missing</a>); add them with <code>dsbench run --run-id "
                    + Fmt.html(d.runId) + "</code>." : ": " + Fmt.html(d.rulesSource) + " holds no rules.").append("</p>");
            return b.append("</section>\n").toString();
        }
        List<String> backends = ruleBackendNames(d);
        Map<String, Map<String, Integer>> counts = counts(d);
        StringBuilder s = new StringBuilder("<table class=\"data\"><thead><tr><th>backend</th>");
        OUTCOMES.forEach(o -> s.append("<th>").append(o).append("</th>"));
        if (!d.notRun.isEmpty()) {
            s.append("<th>not run</th>");
        }
        s.append("<th>time</th></tr></thead><tbody>");
        for (String be : backends) {
            s.append("<tr><td>").append(Fmt.html(be)).append("</td>");
            for (String o : OUTCOMES) {
                int n = counts.get(be).get(o);
                s.append("<td class=\"num").append(n > 0 && !o.equals("passed") && !o.equals("skipped") ? " o-" + o : "")
                        .append("\">").append(n).append("</td>");
            }
            if (!d.notRun.isEmpty()) {
                int n = d.notRun.stream().filter(x -> x.backend().equals(be)).mapToInt(x -> x.rules().size()).sum();
                s.append("<td class=\"num").append(n > 0 ? " o-not-run" : "").append("\">").append(n).append("</td>");
            }
            Long ms = d.ruleBackends.stream().filter(x -> x.name().equals(be)).map(Model.BackendRow::durationMs)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            s.append("<td class=\"num\">").append(ms == null ? "\u2013" : Fmt.num(ms / 1000.0) + " s").append("</td></tr>");
        }
        s.append("</tbody></table>");
        b.append(page.figure("fig-conformance-summary", "Rule outcomes per backend (from " + d.rulesSource
                + (d.conformanceComplete ? "" : "; the run did not finish") + "). Skipped means the backend does not"
                + " declare a capability the rule needs; 'core' holds rules that test only core code, run once.",
                s.toString()));

        // filters
        b.append("<div class=\"filters\" id=\"matrix-filters\"><span>Backends:</span>");
        for (String be : backends) {
            b.append("<label><input type=\"checkbox\" class=\"f-backend\" value=\"").append(Fmt.html(be))
                    .append("\" checked> ").append(Fmt.html(be)).append("</label>");
        }
        b.append("<span>Outcome:</span><select id=\"f-outcome\"><option value=\"\">any</option>"
                + "<option value=\"not-passed\">anything but passed</option>");
        OUTCOMES.forEach(o -> b.append("<option value=\"").append(o).append("\">").append(o).append("</option>"));
        if (!d.notRun.isEmpty()) {
            b.append("<option value=\"not run\">not run (interrupted)</option>");
        }
        b.append("</select> <span id=\"f-count\"></span></div>\n");

        Map<String, Map<String, RuleRow>> byRule = new TreeMap<>(ConformanceSection::ruleOrder);
        Map<String, RuleRow> any = new LinkedHashMap<>();
        for (RuleRow r : d.rules) {
            String id = r.rule() == null ? r.test() : r.rule();
            byRule.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(r.backend(), r);
            any.putIfAbsent(id, r);
        }
        for (Model.NotRun n : d.notRun) { // an interrupted run: its missing rules are rows too, marked "not run"
            for (RuleRow r : n.rules()) {
                if (r.rule() != null) {
                    byRule.computeIfAbsent(r.rule(), k -> new LinkedHashMap<>()).putIfAbsent(r.backend(), r);
                    any.putIfAbsent(r.rule(), r);
                }
            }
        }
        Map<String, List<String>> groups = new TreeMap<>();
        for (String id : byRule.keySet()) {
            groups.computeIfAbsent(Model.orDash(any.get(id).group()), k -> new ArrayList<>()).add(id);
        }
        StringBuilder m = new StringBuilder("<table class=\"data matrix\" id=\"matrix\"><thead><tr><th>rule</th>"
                + "<th>title</th><th>level</th>");
        backends.forEach(be -> m.append("<th class=\"col-b\" data-backend=\"").append(Fmt.html(be)).append("\">")
                .append(Fmt.html(be)).append("</th>"));
        m.append("</tr></thead>");
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            m.append("<tbody class=\"group\" data-group=\"").append(Fmt.html(g.getKey())).append("\"><tr class=\"group-row\">"
                    + "<th colspan=\"").append(3 + backends.size()).append("\">").append(Fmt.html(g.getKey()))
                    .append(" <span class=\"muted\">(").append(g.getValue().size()).append(" rules)</span></th></tr>");
            for (String id : g.getValue()) {
                RuleRow first = any.get(id);
                m.append("<tr class=\"rule-row\" data-rule=\"").append(Fmt.html(id)).append("\"><td><a href=\"#rule-")
                        .append(Fmt.slug(id)).append("\">").append(Fmt.html(id)).append("</a></td><td>")
                        .append(Fmt.html(first.title())).append("</td><td>").append(Fmt.html(first.level()))
                        .append("</td>");
                for (String be : backends) {
                    RuleRow r = byRule.get(id).get(be);
                    m.append(cell(id, be, r));
                }
                m.append("</tr>");
            }
            m.append("</tbody>");
        }
        m.append("</table>");
        b.append(page.figure("fig-matrix", "Conformance matrix: rule \u00d7 backend, grouped by pattern. A dash: the"
                + " rule was not run on that backend (core rules run once, as 'core')" + (d.notRun.isEmpty() ? ""
                : "; 'not run': the run was interrupted before it") + ". Click a rule for its text and"
                + " a failure for its message.", m.toString()));

        // failure messages
        List<RuleRow> bad = d.rules.stream().filter(r -> List.of("failed", "error", "unknown").contains(r.outcome()))
                .toList();
        StringBuilder f = new StringBuilder("<div id=\"failures\">");
        if (bad.isEmpty()) {
            f.append("<p>No rule failed, erred or was undecided.</p>");
        }
        for (RuleRow r : bad) {
            f.append("<div class=\"failure\" id=\"msg-").append(Fmt.slug(r.rule() + "-" + r.backend()))
                    .append("\"><b class=\"o-").append(r.outcome()).append("\">").append(Fmt.html(r.rule())).append(" on ")
                    .append(Fmt.html(r.backend())).append(": ").append(r.outcome()).append("</b> <span class=\"muted\">")
                    .append(Fmt.html(r.test())).append("</span><pre>").append(Fmt.html(r.message() == null
                            ? "(no message)" : r.message())).append("</pre></div>");
        }
        f.append("</div>");
        b.append(page.figure("fig-failures", "Messages of the rules that failed, erred or could not be decided ("
                + bad.size() + ")", f.toString()));

        // rule texts
        StringBuilder t = new StringBuilder("<details class=\"rule-texts\"><summary>Rule texts (" + byRule.size()
                + ")</summary><dl>");
        for (Map.Entry<String, Map<String, RuleRow>> e : byRule.entrySet()) {
            RuleRow first = any.get(e.getKey());
            t.append("<dt id=\"rule-").append(Fmt.slug(e.getKey())).append("\">").append(Fmt.html(e.getKey()))
                    .append(" <span class=\"muted\">").append(Fmt.html(first.level())).append(", ")
                    .append(Fmt.html(first.group())).append("</span></dt><dd>").append(Fmt.html(first.title()))
                    .append("<br><span class=\"muted\">test: ").append(Fmt.html(first.test())).append("</span>");
            for (RuleRow r : e.getValue().values()) {
                for (Map.Entry<String, String> me : r.measurements().entrySet()) {
                    t.append("<br><span class=\"measure\">").append(Fmt.html(r.backend())).append(": ")
                            .append(Fmt.html(me.getKey())).append(" = ").append(Fmt.html(me.getValue())).append("</span>");
                }
            }
            t.append("</dd>");
        }
        t.append("</dl></details>");
        b.append(t);
        return b.append("</section>\n").toString();
    }

    private static String cell(String id, String backend, RuleRow r) {
        if (r == null) {
            return "<td class=\"cell o-none\" data-backend=\"" + Fmt.html(backend) + "\" data-outcome=\"none\">\u2013</td>";
        }
        String o = r.outcome();
        StringBuilder c = new StringBuilder("<td class=\"cell o-").append(Fmt.slug(o)).append("\" data-backend=\"")
                .append(Fmt.html(backend)).append("\" data-outcome=\"").append(Fmt.html(o)).append("\"");
        if (r.message() != null) {
            c.append(" title=\"").append(Fmt.html(r.message().length() > 300 ? r.message().substring(0, 300) + "\u2026"
                    : r.message())).append("\"");
        }
        c.append(">");
        switch (o) {
            case "failed", "error", "unknown" -> c.append("<a href=\"#msg-").append(Fmt.slug(id + "-" + backend))
                    .append("\">").append(o).append("</a>");
            case "not run" -> c.append("<i>not run</i>");
            case "skipped" -> {
                String cap = r.missingCapability();
                c.append("skipped").append(cap == null ? "" : "<br><small>needs " + Fmt.html(cap) + "</small>");
            }
            default -> c.append(Fmt.html(o));
        }
        return c.append("</td>").toString();
    }

    /** KV-2 before KV-10: by group letters, then numerically. */
    static int ruleOrder(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].chars().allMatch(Character::isDigit) && pb[i].chars().allMatch(Character::isDigit)
                    && !pa[i].isEmpty() && !pb[i].isEmpty()) {
                c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
