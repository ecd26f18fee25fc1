package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The consistency ladder per backend (conformance.json {@code backends[].consistency_ladder}, rule CONS-LADDER): for
 * each workload, the strongest model its history satisfied, the first one it missed with its counterexample, and how
 * far behind reads were. Nothing when no backend has a ladder.
 */
final class LadderSection {
    private LadderSection() {
    }

    static String render(RunData d) {
        if (d.conformance == null) {
            return "";
        }
        StringBuilder rows = new StringBuilder();
        for (JsonNode b : Json.array(d.conformance, "backends")) {
            for (JsonNode l : Json.array(b, "consistency_ladder")) {
                JsonNode miss = Json.get(l, "first_missed");
                JsonNode stNode = Json.get(l, "staleness");
                JsonNode st = stNode != null && stNode.isObject() ? stNode : null;
                rows.append("<tr><td>").append(Fmt.html(Json.text(b, "name"))).append("</td><td>")
                        .append(Fmt.html(Json.text(l, "workload"))).append("<div class=\"sub\">")
                        .append(Fmt.html(Json.text(l, "config"))).append("</div></td><td><b>")
                        .append(Fmt.html(Json.text(l, "strongest"))).append("</b></td><td>");
                if (miss != null && miss.isObject()) {
                    rows.append("<details><summary>").append(Fmt.html(Json.text(miss, "model"))).append(" (")
                            .append(Fmt.html(Json.text(miss, "status"))).append(")</summary><p>")
                            .append(Fmt.html(Json.text(miss, "explanation"))).append("</p><ul>");
                    for (String op : Json.texts(miss, "ops")) {
                        rows.append("<li><code>").append(Fmt.html(op)).append("</code></li>");
                    }
                    rows.append("</ul></details>");
                } else {
                    rows.append("\u2013");
                }
                rows.append("</td><td class=\"num\">").append(st == null ? "\u2013" : Fmt.num(Json.num(st, "stale_reads"))
                        + " / " + Fmt.num(Json.num(st, "reads"))).append("</td><td class=\"num\">")
                        .append(st == null ? "\u2013" : Fmt.num(Json.num(st, "max_versions_behind")) + " / "
                                + Fmt.num(Json.num(st, "p99_versions_behind"))).append("</td><td class=\"num\">")
                        .append(st == null ? "\u2013" : Fmt.num(Json.num(st, "max_ms_behind")) + " / "
                                + Fmt.num(Json.num(st, "p99_ms_behind"))).append("</td></tr>");
            }
        }
        if (rows.length() == 0) {
            return "";
        }
        return "<section id=\"ladder\"><h2>Consistency ladder</h2><p>The strongest model each workload's recorded history"
                + " satisfied (linearizable &gt; sequential &gt; session = read-your-writes + monotonic reads + monotonic"
                + " writes + writes-follow-reads), and the first model it missed with its counterexample (rule"
                + " CONS-LADDER).</p><table class=\"data\" id=\"ladder-table\"><thead><tr><th>backend</th><th>workload"
                + "</th><th>strongest</th><th>first missed</th><th>stale reads</th><th>versions behind max / p99</th>"
                + "<th>ms behind max / p99</th></tr></thead><tbody>" + rows + "</tbody></table></section>\n";
    }
}
