package io.dsbench.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one-file HTML report: inline CSS and script, charts as inline SVG, nothing fetched from anywhere. */
final class HtmlReport {
    final String html;
    final List<Conclusions.Sentence> conclusions;
    final Page page;

    private HtmlReport(String html, List<Conclusions.Sentence> conclusions, Page page) {
        this.html = html;
        this.conclusions = conclusions;
        this.page = page;
    }

    static Map<String, String> colors(RunData d) {
        Map<String, String> colors = new LinkedHashMap<>();
        int i = 0;
        for (String b : d.backends()) {
            colors.put(b, Svg.color(i++));
        }
        return colors;
    }

    static HtmlReport render(RunData d, Comparison cmp, String generated) {
        Page page = new Page();
        Map<String, String> colors = new java.util.HashMap<>(colors(d)) {
            @Override
            public String get(Object key) {
                return containsKey(key) ? super.get(key) : "#7f7f7f";
            }
        };
        String env = EnvironmentSection.render(d, page);
        String conformance = ConformanceSection.render(d, page);
        String consistency = LadderSection.render(d) + ConsistencySection.render(d, page, colors);
        String performance = PerformanceSection.render(d, page, colors);
        String sharding = BaselineSection.sharding(d, page);
        String tradeoffs = TradeoffsSection.render(d);
        String compare = cmp == null ? "" : cmp.render(page);
        List<Conclusions.Sentence> sentences = Conclusions.build(d, page);
        String conclusions = Conclusions.render(sentences, d, page);

        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                + " script-src 'unsafe-inline'; img-src data:\">")
                .append("<title>dsbench report ").append(Fmt.html(d.runId)).append("</title><style>")
                .append(resource("report.css")).append("</style></head><body>\n");
        b.append("<header><h1>dsbench report: ").append(Fmt.html(d.runId)).append("</h1><div class=\"sub\">backends ")
                .append(Fmt.html(String.join(", ", d.backends()))).append(" \u00b7 generated ").append(Fmt.html(generated))
                .append(" from ").append(Fmt.html(d.dir.toAbsolutePath().normalize().toString())).append("</div></header>\n");
        b.append("<nav><a href=\"#conclusions\">What to conclude</a><a href=\"#environment\">Environment</a>"
                + "<a href=\"#conformance\">Conformance</a><a href=\"#consistency\">Consistency</a>"
                + "<a href=\"#performance\">Performance</a><a href=\"#sharding\">Sharding</a>")
                .append(tradeoffs.isEmpty() ? "" : "<a href=\"#tradeoffs\">Trade-offs</a>")
                .append(cmp == null ? "" : "<a href=\"#compare\">Compare</a>")
                .append("<a href=\"#problems\">Missing</a></nav>\n<main>\n");
        b.append(conclusions).append(EnvironmentSection.problems(d)).append(compare).append(env).append(conformance)
                .append(consistency).append(performance).append(sharding).append(tradeoffs);
        b.append("</main>\n<script>").append(resource("report.js")).append("</script>\n</body></html>\n");
        return new HtmlReport(b.toString(), sentences, page);
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
