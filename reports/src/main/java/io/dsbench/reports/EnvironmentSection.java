package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.reports.Model.Problem;
import java.util.List;

/** Environment: version, commit, commands, backends with server versions and topology, the machine. */
final class EnvironmentSection {
    private EnvironmentSection() {
    }

    static String render(RunData d, Page page) {
        StringBuilder b = new StringBuilder("<section id=\"environment\"><h2>Environment</h2>\n");
        JsonNode run = d.run;
        JsonNode machine = Json.get(run, "machine");
        JsonNode conf = d.conformance;
        b.append("<table class=\"kv\">");
        row(b, "run", d.runId);
        row(b, "dsbench", orElse(Json.text(run, "dsbench_version"), "\u2013"));
        row(b, "commit", orElse(Json.text(run, "commit"), "\u2013"));
        row(b, "machine", machine(machine, conf));
        row(b, "JVM", orElse(Json.text(machine, "jvm"), Json.text(conf, "java") == null ? "\u2013"
                : "Java " + Json.text(conf, "java")));
        if (Json.text(conf, "seed") != null) {
            row(b, "seed (kit)", Json.text(conf, "seed") + " (replay: dsbench run --seed " + Json.text(conf, "seed")
                    + ")");
        }
        b.append("</table>\n");

        List<JsonNode> commands = Json.array(run, "commands");
        StringBuilder t = new StringBuilder("<table class=\"data\"><thead><tr><th>command</th><th>started (UTC)</th>"
                + "<th>duration</th><th>exit</th></tr></thead><tbody>");
        if (!commands.isEmpty()) {
            for (JsonNode c : commands) {
                Double dur = Json.num(c, "duration_s");
                t.append("<tr><td><code>").append(Fmt.html(Json.text(c, "command"))).append("</code></td><td>")
                        .append(Fmt.html(orElse(Json.text(c, "started"), "\u2013"))).append("</td><td class=\"num\">")
                        .append(dur == null ? "\u2013" : Fmt.num(dur) + " s").append("</td><td class=\"num\">")
                        .append(Fmt.html(orElse(Json.text(c, "exit_code"), "\u2013"))).append("</td></tr>");
            }
        } else {
            // without run.json: what the other files say about their commands
            if (conf != null) {
                t.append("<tr><td><code>dsbench run</code> (from conformance.json)</td><td>")
                        .append(Fmt.html(orElse(Json.text(conf, "written"), "\u2013"))).append(" (written)</td><td></td>"
                        + "<td></td></tr>");
            }
            if (d.bench != null) {
                Double dur = Json.num(d.bench, "duration_s");
                t.append("<tr><td><code>").append(Fmt.html(orElse(Json.text(d.bench, "command"), "dsbench bench")))
                        .append("</code></td><td>").append(Fmt.html(orElse(Json.text(d.bench, "started"), "\u2013")))
                        .append("</td><td class=\"num\">").append(dur == null ? "\u2013" : Fmt.num(dur) + " s")
                        .append("</td><td></td></tr>");
            }
        }
        t.append("</tbody></table>");
        b.append(page.figure("fig-commands", "Commands that wrote into this results directory"
                + (commands.isEmpty() ? " (no run.json: taken from the other files)" : " (run.json)"), t.toString()));

        StringBuilder bt = new StringBuilder("<table class=\"data\"><thead><tr><th>backend</th><th>server version</th>"
                + "<th>topology / description</th><th>capabilities</th></tr></thead><tbody>");
        java.util.Set<String> listed = new java.util.LinkedHashSet<>();
        for (JsonNode be : Json.array(run, "backends")) {
            String name = Json.text(be, "name");
            listed.add(name);
            bt.append("<tr><td>").append(Fmt.html(name)).append("</td><td>")
                    .append(Fmt.html(orElse(Json.text(be, "server_version"), "\u2013"))).append("</td><td>")
                    .append(Fmt.html(orElse(Json.text(be, "topology"), orElse(Json.text(be, "description"), "\u2013"))))
                    .append("</td><td>").append(Fmt.html(capabilities(d, name))).append("</td></tr>");
        }
        for (Model.BackendRow be : d.ruleBackends) {
            if (listed.add(be.name())) {
                bt.append("<tr><td>").append(Fmt.html(be.name())).append("</td><td>\u2013</td><td>")
                        .append(Fmt.html(be.error() != null ? "not opened: " + be.error()
                                : orElse(be.description(), "\u2013")))
                        .append("</td><td>").append(Fmt.html(String.join(", ", be.capabilities()))).append("</td></tr>");
            }
        }
        bt.append("</tbody></table>");
        b.append(page.figure("fig-backends", "Backends, as the commands that opened them described them (run.json;"
                + (d.checks.isEmpty() ? "" : " the chaos runs start a deployment of their own for each experiment, e.g."
                + " a 3-member etcd cluster, which this table does not show;") + " conformance.json for the capabilities)",
                bt.toString()));
        return b.append("</section>\n").toString();
    }

    /** The box listing every file that is missing, broken or partial, and why. */
    static String problems(RunData d) {
        if (d.problems.isEmpty()) {
            return "<p class=\"ok-box\" id=\"problems\">Every result file was found and read.</p>\n";
        }
        StringBuilder b = new StringBuilder("<div class=\"problems\" id=\"problems\"><h3>Missing or incomplete results"
                + "</h3><p>The sections below are made from what was found; what is missing and why:</p><ul>");
        for (Problem p : d.problems) {
            String kind = switch (p.kind()) {
                case NOT_PRODUCED -> "not produced";
                case BROKEN -> "broken";
                case PARTIAL -> "partial";
            };
            b.append("<li class=\"problem p-").append(p.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\"><span class=\"tag\">").append(kind).append("</span> <code>").append(Fmt.html(p.file()))
                    .append("</code>: ").append(Fmt.html(p.message())).append("</li>");
        }
        return b.append("</ul></div>\n").toString();
    }

    private static String capabilities(RunData d, String name) {
        return d.ruleBackends.stream().filter(b -> b.name().equals(name)).findFirst()
                .map(b -> String.join(", ", b.capabilities())).orElse("\u2013");
    }

    private static String machine(JsonNode machine, JsonNode conf) {
        StringBuilder s = new StringBuilder();
        String cores = orElse(Json.text(machine, "cores"), Json.text(conf, "cores"));
        if (cores != null) {
            s.append(cores).append(" cores");
        }
        if (Json.num(machine, "memory_mb") != null) {
            s.append(s.length() > 0 ? ", " : "").append(Fmt.num(Json.num(machine, "memory_mb") / 1024)).append(" GiB");
        }
        String os = orElse(Json.text(machine, "os"), Json.text(conf, "os"));
        if (os != null) {
            s.append(s.length() > 0 ? ", " : "").append(os);
        }
        return s.length() == 0 ? "\u2013" : s.toString();
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("<tr><th>").append(Fmt.html(k)).append("</th><td>").append(Fmt.html(v)).append("</td></tr>");
    }

    static String orElse(String a, String b) {
        return a != null ? a : b;
    }
}
