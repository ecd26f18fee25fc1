package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.spi.BackendConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DsbenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Dsbench.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void help_listsSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("run", "rules", "Exit codes");
    }

    @Test
    void run_unknownBackend_oneLineListingAvailable() {
        assertThat(run("run", "--backends", "nosuch")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("dsbench: unknown backend 'nosuch'; available: ")
                .contains("inmemory").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void run_badOption_namesTheOption() {
        assertThat(run("run", "--option", "nodot=1")).isEqualTo(2);
        assertThat(err.toString()).contains("--option 'nodot=1': expected BACKEND.KEY=VALUE");
    }

    @Test
    void run_unknownBackendOption_oneLineExit2(@TempDir Path dir) {
        assertThat(run("run", "--option", "inmemory.bogus=1", "--out", dir.toString())).isEqualTo(2);
        String e = err.toString().strip();
        assertThat(e).startsWith("dsbench: inmemory: option 'bogus' is unknown").doesNotContain("\tat ");
        assertThat(e.lines().count()).isEqualTo(1);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void run_unknownGroup_listsKnownGroups(@TempDir Path dir) {
        assertThat(run("run", "--groups", "NOPE", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown rule group 'NOPE'; known: ").contains("KV");
    }

    @Test
    void run_inmemoryKv_writesConformanceJsonAndLatest(@TempDir Path dir) throws Exception {
        int code = run("run", "--groups", "KV", "--out", dir.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        Path latest = dir.resolve("latest").resolve("conformance.json");
        assertThat(latest).exists();
        JsonNode root = ResultsWriter.JSON.readTree(Files.readString(latest));
        assertThat(root.get("backends").get(0).get("name").asText()).isEqualTo("inmemory");
        JsonNode results = root.get("results");
        assertThat(results.size()).isGreaterThanOrEqualTo(8);
        for (JsonNode r : results) {
            assertThat(r.get("rule").asText()).startsWith("KV-");
            assertThat(r.get("outcome").asText()).as(r.toString()).isEqualTo("passed");
            assertThat(r.has("duration_ms")).isTrue();
        }
        assertThat(out.toString()).contains("[inmemory] KV").contains("passed");
    }

    @Test
    void run_tpc_recordsMeasurementsInJson(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--groups", "TPC", "--out", dir.toString())).as(out + "\n" + err).isZero();
        JsonNode root = ResultsWriter.JSON.readTree(dir.resolve("latest").resolve("conformance.json").toFile());
        boolean measured = false;
        for (JsonNode r : root.get("results")) {
            measured |= r.has("measurements") && r.get("measurements").size() > 0;
        }
        assertThat(measured).as("some TPC rule publishes a measurement (TPC-5: how long a participant blocked)")
                .isTrue();
    }

    @Test
    void rules_listsEveryGroup() {
        assertThat(run("rules")).isZero();
        assertThat(out.toString()).contains("KV-1", "REG-1", "CACHE-1", "IDEM-1", "LOCK-1", "LOG-1");
    }

    @Test
    void endpoint_withoutBackendPrefix_goesToTheOnlyServerBackend() {
        BackendOptions o = new BackendOptions();
        new CommandLine(o).parseArgs("--backends", "inmemory", "--endpoint", "x://h:1");
        // only inmemory selected: an endpoint without BACKEND= cannot be placed
        try {
            o.configs();
            throw new AssertionError("expected an error");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("say which backend it is for");
        }
    }

    @Test
    void redact_hidesPasswords() {
        assertThat(BackendConfig.redact("redis://user:secret@h:1/0")).isEqualTo("redis://user:***@h:1/0");
        assertThat(BackendConfig.redact("rediss://secret@h:1")).isEqualTo("rediss://***@h:1");
        BackendConfig c = BackendConfig.builder("redis").endpoint("redis://u:pw@h:1").password("pw2").build();
        assertThat(c.toString()).doesNotContain("pw@").doesNotContain("pw2");
        assertThat(List.of(c.toString())).allMatch(s -> s.contains("***"));
    }
}
