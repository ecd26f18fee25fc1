package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dsbench report}, {@code --run-id} and run.json. */
class ReportCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Dsbench.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void run_endsWithTheReport_andRunIdGathersCommandsInOneDirectory(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--groups", "QUORUM", "--out", dir.toString(), "--run-id", "review-1"))
                .as(out + "\n" + err).isZero();
        Path runDir = dir.resolve("review-1");
        assertThat(out.toString()).contains("Report: " + runDir.resolve("index.html"));
        assertThat(runDir.resolve("index.html")).content().contains("<tr class=\"rule-row\" data-rule=\"QUORUM-1\"");
        assertThat(runDir.resolve("summary.md")).exists();
        assertThat(runDir.resolve("summary.json")).exists();
        assertThat(dir.resolve("latest").toRealPath()).isEqualTo(runDir.toRealPath());

        // a later command of the same run (as bench and chaos do at their end) is added to run.json
        Reporting.finish(runDir, "dsbench bench --quick --run-id review-1", Instant.now(), 0,
                List.of(RunRecord.BackendInfo.of("redis", "redis 7.0.15 standalone primary 127.0.0.1:41234")),
                new PrintWriter(out, true), null);
        assertThat(runDir.resolve("run.json")).as(out.toString()).exists();
        JsonNode record = ResultsWriter.JSON.readTree(runDir.resolve("run.json").toFile());
        assertThat(record.get("commands")).hasSize(2);
        assertThat(record.get("commands").get(0).get("command").asText())
                .isEqualTo("dsbench run --groups QUORUM --out " + dir + " --run-id review-1");
        assertThat(record.get("commands").get(0).get("exit_code").asInt()).isZero();
        assertThat(record.get("commands").get(1).get("command").asText()).startsWith("dsbench bench");
        assertThat(record.get("backends")).extracting(b -> b.get("name").asText()).containsExactly("inmemory", "redis");
        JsonNode redis = record.get("backends").get(1);
        assertThat(redis.get("server_version").asText()).isEqualTo("7.0.15");
        assertThat(redis.get("topology").asText()).isEqualTo("standalone primary 127.0.0.1:41234");
        assertThat(record.get("machine").get("cores").asInt()).isPositive();
        assertThat(record.get("machine").get("memory_mb").asLong()).isPositive();
        assertThat(record.get("dsbench_version").asText()).isNotBlank();

        // the report re-rendered from the directory shows both commands
        out.getBuffer().setLength(0);
        assertThat(run("report", runDir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Report: " + runDir.resolve("index.html"));
        assertThat(runDir.resolve("index.html")).content().contains("dsbench bench --quick --run-id review-1");
    }

    @Test
    void report_defaultsToResultsLatest_andComparesRuns(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--groups", "QUORUM", "--out", dir.toString(), "--run-id", "a")).isZero();
        assertThat(run("run", "--groups", "QUORUM", "--out", dir.toString(), "--run-id", "b")).isZero();
        out.getBuffer().setLength(0);
        assertThat(run("report", dir.resolve("b").toString(), "--compare", dir.resolve("a").toString()))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("Compared with " + dir.resolve("a") + ": 0 benchmark regression(s)");
        assertThat(dir.resolve("b/summary.json")).content().contains("\"other_run_id\" : \"a\"");
    }

    @Test
    void report_unusableDirectory_isOneLineExit2(@TempDir Path dir) throws Exception {
        assertThat(run("report", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("dsbench: report: " + dir.resolve("missing") + ": no such directory");
        err.getBuffer().setLength(0);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(run("report", empty.toString())).isEqualTo(2);
        assertThat(err.toString().strip().lines()).hasSize(1).allMatch(l -> l.contains("not a dsbench results directory"));
    }

    @Test
    void report_brokenFiles_exit0_andSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("crashed"));
        Files.writeString(runDir.resolve("conformance.json"), "{ \"results\": [ ");
        assertThat(run("report", runDir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("conformance.json: malformed JSON at line 1");
        assertThat(runDir.resolve("index.html")).content().contains("Missing or incomplete results")
                .contains("No conformance results");
    }

    @Test
    void runId_mustBeOnePathElement(@TempDir Path dir) {
        assertThat(run("run", "--groups", "QUORUM", "--out", dir.toString(), "--run-id", "../escape")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("dsbench: --run-id '../escape': use 1 to 80 letters");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void backendInfo_readsVersionAndTopologyFromTheDescription() {
        assertThat(RunRecord.BackendInfo.of("etcd", "etcd 3.4.23 3 members 127.0.0.1:1,127.0.0.1:2"))
                .isEqualTo(new RunRecord.BackendInfo("etcd", "3.4.23", "3 members 127.0.0.1:1,127.0.0.1:2",
                        "etcd 3.4.23 3 members 127.0.0.1:1,127.0.0.1:2"));
        RunRecord.BackendInfo mem = RunRecord.BackendInfo.of("inmemory", "inmemory #1 (in-process)");
        assertThat(mem.serverVersion()).isNull();
        assertThat(mem.topology()).isEqualTo("#1 (in-process)");
    }
}
