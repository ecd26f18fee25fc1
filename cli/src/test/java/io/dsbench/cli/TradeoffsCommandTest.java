package io.dsbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.Experiments;
import io.dsbench.tradeoffs.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsbench tradeoffs --quick} on in-memory end to end: every row of the specification's table is in
 * tradeoffs.json with both sides filled (a figure or the reason there is none), the report shows it; and bad input.
 */
class TradeoffsCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int exec(String... args) {
        CommandLine cl = Dsbench.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void quickOnInMemoryFillsEveryCellOfTheTableAndTheReport() throws Exception {
        int exit = exec("tradeoffs", "--quick", "--backends", "inmemory", "--seed", "11", "--out", dir.toString());
        assertThat(exit).as(out + "\n" + err).isZero();
        Path run = dir.resolve("latest").toRealPath();
        JsonNode t = ResultsWriter.JSON.readTree(run.resolve("tradeoffs.json").toFile());
        assertThat(t.path("complete").asBoolean()).isTrue();
        assertThat(t.path("seed").asLong()).isEqualTo(11);
        Set<String> rows = new HashSet<>();
        for (JsonNode row : t.path("rows")) {
            rows.add(row.path("id").asText());
            for (String side : new String[] {"advantage", "disadvantage"}) {
                boolean any = false;
                for (JsonNode f : row.path("figures")) {
                    if (f.path("side").asText().equals(side) && f.path("backend").asText().equals("inmemory")) {
                        any = true;
                        assertThat(f.path("value").isNumber() || !f.path("reason").asText().isBlank())
                                .as("%s %s: a value or a reason: %s", row.path("id").asText(), side, f).isTrue();
                        assertThat(f.path("command").asText()).startsWith("./dsbench tradeoffs --experiments ")
                                .endsWith("--quick --seed 11");
                        if (f.path("value").isNumber()) {
                            assertThat(f.path("unit").asText()).isNotBlank();
                            assertThat(f.path("samples_of").asText()).isNotBlank();
                        }
                    }
                }
                assertThat(any).as(row.path("id").asText() + " " + side).isTrue();
            }
        }
        Set<String> expected = new HashSet<>();
        for (Experiment e : Experiments.all()) {
            e.rows().forEach(r -> expected.add(r.id()));
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(t.path("experiments")).allSatisfy(e -> assertThat(e.path("status").asText())
                .as(e.toString()).isEqualTo("ok"));
        assertThat(out.toString()).contains(Row.STRONG_CONSISTENCY.specAdvantage())
                .contains("Results: " + dir.resolve(run.getFileName()).resolve("tradeoffs.json"));
        String html = Files.readString(run.resolve("index.html"));
        assertThat(html).contains("<section id=\"tradeoffs\">");
        JsonNode record = ResultsWriter.JSON.readTree(run.resolve("run.json").toFile());
        assertThat(record.toString()).contains("dsbench tradeoffs --quick");
    }

    @Test
    void aCoreRowIsCoveredByExactlyTheExperimentsListed() {
        Set<Row> covered = new HashSet<>();
        Experiments.all().forEach(e -> covered.addAll(e.rows()));
        assertThat(covered).containsExactlyInAnyOrder(Row.values());
        int exit = exec("tradeoffs", "--list");
        assertThat(exit).isZero();
        for (Experiment e : Experiments.all()) {
            assertThat(out.toString()).contains(e.id() + ": ").contains(e.method());
        }
    }

    @Test
    void anUnknownExperimentIsExit2NamingTheChoices() {
        int exit = exec("tradeoffs", "--experiments", "consistency,nope", "--out", dir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--experiments: no experiment or row 'nope'; experiments: ")
                .contains("rows: strong-consistency");
        assertThat(dir).isEmptyDirectory();
    }
}
