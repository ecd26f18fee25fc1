package io.dsbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Trade-offs, measured" section from a tradeoffs.json that a real {@code dsbench tradeoffs --quick} wrote. */
class TradeoffsSectionTest {
    @TempDir
    Path tmp;

    static JsonNode fixture() throws IOException {
        try (InputStream in = TradeoffsSectionTest.class.getResourceAsStream("/fixture/tradeoffs-quick.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    static Path runWithTradeoffs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Fixtures.write(dir.resolve("tradeoffs.json"), fixture());
        return dir;
    }

    @Test
    void everyRowOfTheFileIsATableRowWithItsWordsAndItsFiguresOnBothSides() throws IOException {
        Path run = runWithTradeoffs(tmp.resolve("t1"));
        ReportWriter.Result r = ReportWriter.write(run);
        String html = Files.readString(r.index());
        JsonNode t = fixture();
        assertThat(html).contains("<section id=\"tradeoffs\">").contains("<a href=\"#tradeoffs\">Trade-offs</a>");
        List<JsonNode> rows = Json.elements(t.get("rows"));
        assertThat(rows).isNotEmpty();
        for (JsonNode row : rows) {
            String id = row.get("id").asText();
            int start = html.indexOf("<tr id=\"tradeoff-" + id + "\">");
            assertThat(start).as(id).isPositive();
            String tr = html.substring(start, html.indexOf("</tr>", start));
            assertThat(tr).contains(Fmt.html(row.get("spec_advantage").asText()))
                    .contains(Fmt.html(row.get("spec_disadvantage").asText()));
            for (String side : List.of("advantage", "disadvantage")) {
                int cell = tr.indexOf("data-side=\"" + side + "\"");
                int next = tr.indexOf("data-side=", cell + 10);
                String ul = tr.substring(cell, next < 0 ? tr.length() : next);
                long expected = Json.elements(row.get("figures")).stream()
                        .filter(f -> side.equals(f.get("side").asText())).count();
                assertThat(expected).as(id + " " + side).isPositive();
                assertThat(ReportWriterTest.count(ul, "<li class=\"fig")).as(id + " " + side).isEqualTo((int) expected);
            }
        }
        // an unmeasured cell says why; a measured one shows its sample size and the command in its title
        JsonNode unmeasured = rows.stream().flatMap(x -> Json.elements(x.get("figures")).stream())
                .filter(f -> f.get("value").isNull()).findFirst().orElseThrow();
        assertThat(html).contains("not measured: " + Fmt.html(unmeasured.get("reason").asText()));
        JsonNode measured = rows.stream().flatMap(x -> Json.elements(x.get("figures")).stream())
                .filter(f -> !f.get("value").isNull()).findFirst().orElseThrow();
        assertThat(html).contains("title=\"" + Fmt.html(measured.get("command").asText()) + "\"")
                .contains("(n = " + Fmt.count(measured.get("samples").asLong()) + " ");

        String md = Files.readString(r.markdown());
        assertThat(md).contains("## Trade-offs, measured").contains("| " + rows.get(0).get("decision").asText() + " |");
        JsonNode summary = Json.MAPPER.readTree(r.json().toFile());
        assertThat(summary.get("tradeoffs")).hasSize(rows.size());
        assertThat(Json.elements(summary.get("problems"))).noneMatch(p -> p.get("file").asText()
                .equals("tradeoffs.json"));
    }

    @Test
    void aBrokenFileIsAProblemAndTheRestOfTheReportIsStillMade() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("t2"));
        Files.writeString(run.resolve("tradeoffs.json"), "{\"rows\": [");
        ReportWriter.Result r = ReportWriter.write(run);
        assertThat(Files.readString(r.index())).doesNotContain("<section id=\"tradeoffs\">");
        JsonNode summary = Json.MAPPER.readTree(r.json().toFile());
        assertThat(Json.elements(summary.get("problems"))).anySatisfy(p -> {
            assertThat(p.get("file").asText()).isEqualTo("tradeoffs.json");
            assertThat(p.get("kind").asText()).isEqualTo("broken");
        });
    }

    @Test
    void aRunWithoutTradeoffsHasNoSectionAndNoProblemForIt() throws IOException {
        Path run = Fixtures.fullRun(tmp.resolve("t3"));
        String html = Files.readString(ReportWriter.write(run).index());
        assertThat(html).doesNotContain("id=\"tradeoffs\"").doesNotContain("tradeoffs.json");
    }
}
