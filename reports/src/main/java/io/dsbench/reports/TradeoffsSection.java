package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The specification's trade-off table with a measured column beside each of its cells ({@code tradeoffs.json},
 * written by {@code dsbench tradeoffs}): per row the decision, the specification's advantage and the figures that
 * measure it, the specification's disadvantage and the figures that measure that; each figure with its backend,
 * variant, unit, sample size and the command that reproduces it; cells that could not be measured say why.
 * Nothing when the run has no {@code tradeoffs.json}.
 */
final class TradeoffsSection {
    /** Figures shown per backend in a cell before the rest are folded under "N more". */
    static final int SHOWN = 2;

    private TradeoffsSection() {
    }

    static String render(RunData d) {
        JsonNode t = d.tradeoffs;
        if (t == null) {
            return "";
        }
        StringBuilder rows = new StringBuilder();
        for (JsonNode row : Json.array(t, "rows")) {
            String id = Json.text(row, "id");
            rows.append("<tr id=\"tradeoff-").append(Fmt.slug(id)).append("\"><th scope=\"row\">")
                    .append(Fmt.html(Json.text(row, "decision"))).append("<div class=\"sub\">")
                    .append(Fmt.html(Json.text(row, "options"))).append("</div></th>");
            for (String side : List.of("advantage", "disadvantage")) {
                rows.append("<td class=\"spec\">").append(Fmt.html(Json.text(row, "spec_" + side))).append("</td>")
                        .append("<td class=\"measured\" data-side=\"").append(side).append("\"><ul>");
                // per backend its first figures (an experiment adds its main ones first), the rest folded
                Map<String, List<JsonNode>> byBackend = new LinkedHashMap<>();
                for (JsonNode f : Json.array(row, "figures")) {
                    if (side.equals(Json.text(f, "side"))) {
                        byBackend.computeIfAbsent(Json.text(f, "backend"), k -> new ArrayList<>()).add(f);
                    }
                }
                for (Map.Entry<String, List<JsonNode>> e : byBackend.entrySet()) {
                    List<JsonNode> figs = e.getValue();
                    for (JsonNode f : figs.subList(0, Math.min(SHOWN, figs.size()))) {
                        rows.append(figureHtml(f));
                    }
                    if (figs.size() > SHOWN) {
                        rows.append("<li class=\"more\"><details><summary>").append(figs.size() - SHOWN)
                                .append(" more on ").append(Fmt.html(e.getKey())).append("</summary><ul>");
                        for (JsonNode f : figs.subList(SHOWN, figs.size())) {
                            rows.append(figureHtml(f));
                        }
                        rows.append("</ul></details></li>");
                    }
                }
                rows.append("</ul></td>");
            }
            rows.append("</tr>\n");
        }
        StringBuilder methods = new StringBuilder();
        List<String> seen = new ArrayList<>();
        for (JsonNode e : Json.array(t, "experiments")) {
            String id = Json.text(e, "id");
            if (seen.contains(id)) {
                continue;
            }
            seen.add(id);
            methods.append("<li><b>").append(Fmt.html(id)).append("</b> (").append(Fmt.html(String.join(", ",
                    Json.texts(e, "rows")))).append("): ").append(Fmt.html(Json.text(e, "method"))).append("</li>");
        }
        StringBuilder runs = new StringBuilder();
        for (JsonNode e : Json.array(t, "experiments")) {
            String status = Json.text(e, "status");
            runs.append("<tr><td>").append(Fmt.html(Json.text(e, "id"))).append("</td><td>")
                    .append(Fmt.html(Json.text(e, "backend"))).append("</td><td class=\"")
                    .append("ok".equals(status) ? "pass" : "fail").append("\">").append(Fmt.html(status))
                    .append(Json.text(e, "error") == null ? "" : ": " + Fmt.html(Json.text(e, "error")))
                    .append("</td><td class=\"num\">").append(Fmt.num(Json.num(e, "duration_s"))).append(" s</td>")
                    .append("<td class=\"num\">").append(Fmt.num(Json.num(e, "figures"))).append("</td><td><code>")
                    .append(Fmt.html(Json.text(e, "command"))).append("</code></td></tr>");
        }
        boolean complete = Boolean.TRUE.equals(Json.bool(t, "complete"));
        return "<section id=\"tradeoffs\"><h2>Trade-offs, measured</h2><p>The specification's table of design"
                + " decisions, each advantage and disadvantage in its words and beside it the figures this run"
                + " measured on " + Fmt.html(String.join(", ", Json.texts(t, "backends"))) + " (<code>"
                + Fmt.html(Json.text(t, "command")) + "</code>, " + (Boolean.TRUE.equals(Json.bool(t, "quick"))
                ? "quick profile: a smoke test, not figures to quote" : "full profile") + ", seed "
                + Fmt.html(Json.text(t, "seed")) + ", " + Fmt.num(Json.num(t, "duration_s")) + " s"
                + (complete ? "" : "; <b>incomplete</b>: the run stopped before every experiment ran") + "). Every"
                + " figure comes from running the project's patterns, backends, nemeses and checkers; each cell shows"
                + " each backend's first " + SHOWN + " figures (the rest under \"more\"); hover a figure for the command"
                + " that reproduces it.</p>"
                + "<table class=\"data tradeoffs\" id=\"tradeoffs-table\"><thead><tr><th>decision</th>"
                + "<th>advantage (specification)</th><th>advantage, measured</th><th>disadvantage (specification)</th>"
                + "<th>disadvantage, measured</th></tr></thead><tbody>\n" + rows + "</tbody></table>"
                + "<details><summary>How each experiment measures</summary><ul>" + methods + "</ul></details>"
                + "<details><summary>Experiments run</summary><table class=\"data\" id=\"tradeoffs-runs\"><thead><tr>"
                + "<th>experiment</th><th>backend</th><th>status</th><th>time</th><th>figures</th><th>command</th>"
                + "</tr></thead><tbody>" + runs + "</tbody></table></details></section>\n";
    }

    private static String figureHtml(JsonNode f) {
        String backend = Json.text(f, "backend");
        String variant = Json.text(f, "variant");
        String cmd = Json.text(f, "command");
        Double value = Json.num(f, "value");
        StringBuilder b = new StringBuilder("<li class=\"fig");
        b.append(value == null ? " unmeasured\"" : "\"").append(" title=\"").append(Fmt.html(cmd)).append("\">")
                .append("<span class=\"backend\">").append(Fmt.html(backend)).append("</span> ");
        if (value == null) {
            b.append("not measured: ").append(Fmt.html(Json.text(f, "reason")));
            if (variant != null && !variant.equals("-")) {
                b.append(" <span class=\"sub\">(").append(Fmt.html(variant)).append(", ")
                        .append(Fmt.html(Json.text(f, "metric"))).append(")</span>");
            }
            return b.append("</li>").toString();
        }
        b.append(Fmt.html(variant)).append(": ").append(Fmt.html(Json.text(f, "metric"))).append(" <b>")
                .append(Fmt.html(value(value, Json.text(f, "unit")))).append("</b> <span class=\"sub\">(n = ")
                .append(Fmt.html(Fmt.count(Json.num(f, "samples") == null ? 0 : Json.num(f, "samples").longValue())))
                .append(" ").append(Fmt.html(Json.text(f, "samples_of"))).append(")</span>");
        String note = Json.text(f, "note");
        if (note != null && !note.isBlank()) {
            b.append("<div class=\"sub\">").append(Fmt.html(note)).append("</div>");
        }
        return b.append("</li>").toString();
    }

    /** A value with its unit: {@code 0.42 ms}, {@code 12%}, {@code 3.1x}, {@code 17 reads}. */
    static String value(Double v, String unit) {
        String u = unit == null ? "" : unit;
        return switch (u) {
            case "%" -> Fmt.num(v) + "%";
            case "x" -> Fmt.num(v) + "\u00d7";
            case "" -> Fmt.num(v);
            default -> Fmt.num(v) + " " + u;
        };
    }

    /** summary.md's section: one line per figure under each row. */
    static String markdown(RunData d) {
        JsonNode t = d.tradeoffs;
        if (t == null) {
            return "";
        }
        StringBuilder m = new StringBuilder("\n## Trade-offs, measured\n\n`")
                .append(Json.text(t, "command")).append("`").append(Boolean.TRUE.equals(Json.bool(t, "quick"))
                        ? " (quick profile)" : "").append("\n\n| decision | advantage (specification) | measured |"
                        + " disadvantage (specification) | measured |\n|---|---|---|---|---|\n");
        for (JsonNode row : Json.array(t, "rows")) {
            m.append("| ").append(Fmt.md(Json.text(row, "decision")));
            for (String side : List.of("advantage", "disadvantage")) {
                List<String> lines = new ArrayList<>();
                for (JsonNode f : Json.array(row, "figures")) {
                    if (side.equals(Json.text(f, "side"))) {
                        lines.add(figureText(f));
                    }
                }
                m.append(" | ").append(Fmt.md(Json.text(row, "spec_" + side))).append(" | ")
                        .append(Fmt.md(String.join("; ", lines)).replace("; ", "<br>"));
            }
            m.append(" |\n");
        }
        return m.toString();
    }

    /** One figure in one line of text (also the terminal's). */
    static String figureText(JsonNode f) {
        Double value = Json.num(f, "value");
        if (value == null) {
            return Json.text(f, "backend") + ": not measured (" + Json.text(f, "reason") + ")";
        }
        Double n = Json.num(f, "samples");
        return String.format(Locale.ROOT, "%s %s: %s %s (n = %s %s)", Json.text(f, "backend"), Json.text(f, "variant"),
                Json.text(f, "metric"), value(value, Json.text(f, "unit")), Fmt.count(n == null ? 0 : n.longValue()),
                Json.text(f, "samples_of"));
    }
}
