package io.dsbench.lin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckRunnerTest {

    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return CheckRunner.run(CheckRunner.Options.parse(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static final String GOOD = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value 1}\n"
            + "{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 1}]";
    static final String BAD = "[{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value 1}\n"
            + "{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 2}]";

    @Test
    void exit0_whenAllLinearizable_oneLinePerFile() throws Exception {
        assertThat(run(file("a.edn", GOOD).toString(), file("b.edn", GOOD).toString())).isEqualTo(0);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).contains("a.edn: linearizable").contains("cas-register").contains("ops");
    }

    @Test
    void exit1_whenSomeNotLinearizable_evenWithUnknowns() throws Exception {
        assertThat(run(file("a.edn", GOOD).toString(), file("b.edn", BAD).toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("b.edn: NOT linearizable").contains("cannot place");
    }

    @Test
    void exit3_whenUnknownAndNoneNot() throws Exception {
        io.dsbench.lin.history.History h = CheckBench.generatedKv(30_000, 1, 10, 5);
        Path p = file("big.jsonl", io.dsbench.lin.format.HistoryFormats.toJsonLines(h));
        Path small = file("small.jsonl", io.dsbench.lin.format.HistoryFormats.toJsonLines(CheckBench.generatedKv(20, 2, 2, 5)));
        assertThat(run("--time-limit", "0.000000001", small.toString(), p.toString())).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("unknown (time limit");
    }

    @Test
    void exit2_onMalformedInputOrBadUsage() throws Exception {
        assertThat(run(file("m.edn", "[{:process 0 :type :invoke\n").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("m.edn:").contains("expected");
        assertThat(run()).isEqualTo(2);
        assertThat(run("--model", "nope", file("a.edn", GOOD).toString())).isEqualTo(2);
        assertThat(run(dir.resolve("missing.edn").toString())).isEqualTo(2);
    }

    @Test
    void json_printsOneObjectPerFile_withCounterexample() throws Exception {
        assertThat(run("--json", file("b.edn", BAD).toString(), file("a.edn", GOOD).toString())).isEqualTo(1);
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).strip().split("\n")) {
            nodes.add(m.readTree(l));
        }
        assertThat(nodes).hasSize(2);
        JsonNode bad = nodes.get(0);
        assertThat(bad.get("valid").asBoolean(true)).isFalse();
        assertThat(bad.get("model").asText()).isEqualTo("cas-register");
        assertThat(bad.get("ops").asInt()).isEqualTo(2);
        assertThat(bad.has("check_ms")).isTrue();
        assertThat(bad.get("counterexample").get("op").get("f").asText()).isEqualTo("read");
        assertThat(nodes.get(1).get("valid").asBoolean()).isTrue();
        assertThat(nodes.get(1).get("counterexample").isNull()).isTrue();
    }

    @Test
    void html_writesSelfContainedTimeline() throws Exception {
        Path html = dir.resolve("t.html");
        assertThat(run("--html", html.toString(), file("b.edn", BAD).toString())).isEqualTo(1);
        String page = Files.readString(html);
        assertThat(page).startsWith("<!DOCTYPE html>").contains("class=\"op fail\"").contains("CANNOT BE LINEARIZED")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<script src");
    }

    @Test
    void initialValueAndFormatFlags_areHonoured() throws Exception {
        String h = "[{:process 1 :type :invoke :f :read :value nil}\n{:process 1 :type :ok :f :read :value 0}]";
        Path p = file("r.edn", h);
        assertThat(run("--initial-value", "0", p.toString())).isEqualTo(0);
        assertThat(run("--initial-value", "1", p.toString())).isEqualTo(1);
        assertThat(run("--format", "jepsen-log", p.toString())).as("not a log: no events is an error").isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no operations found as jepsen-log (line 1 is");
        assertThat(run("--format", "jsonl", p.toString())).isEqualTo(2);
    }
}
