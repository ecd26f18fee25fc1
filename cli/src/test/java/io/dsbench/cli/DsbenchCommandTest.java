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
    void checkOnly_behavesAsCheckUnderTheFullCommandLine() {
        // main() runs `dsbench check` through Dsbench.checkOnly() (faster start): same usage, errors and exit codes
        for (String[] args : List.of(new String[] {"check", "--help"}, new String[] {"check", "--nope"},
                new String[] {"check", "no-such-file.edn"}, new String[] {"check", "--model=nosuch", "x.edn"})) {
            StringWriter fullOut = new StringWriter();
            StringWriter fullErr = new StringWriter();
            CommandLine full = Dsbench.commandLine();
            full.setOut(new PrintWriter(fullOut, true));
            full.setErr(new PrintWriter(fullErr, true));
            CommandLine fast = Dsbench.checkOnly();
            fast.setOut(new PrintWriter(out, true));
            fast.setErr(new PrintWriter(err, true));
            assertThat(fast.execute(args)).as(String.join(" ", args)).isEqualTo(full.execute(args));
            assertThat(out.toString()).as(String.join(" ", args)).isEqualTo(fullOut.toString());
            assertThat(err.toString()).as(String.join(" ", args)).isEqualTo(fullErr.toString());
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
        }
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

    @Test
    void run_badTimeoutScaleFlag_isAnExit2OneLiner_beforeAnyRule(@TempDir Path dir) {
        for (String bad : new String[] {"Infinity", "-1", "0", "NaN"}) {
            StringWriter e = new StringWriter();
            CommandLine cl = Dsbench.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(e, true));
            assertThat(cl.execute("run", "--timeout-scale", bad, "--out", dir.toString())).as(bad).isEqualTo(2);
            assertThat(e.toString().strip()).as(bad).startsWith("dsbench: --timeout-scale = '")
                    .contains("legal range").doesNotContain("\tat ");
            assertThat(e.toString().strip().lines().count()).isEqualTo(1);
        }
        assertThat(dir).as("no rule ran, nothing was written").isEmptyDirectory();
    }

    @Test
    void run_unwritableOut_isAnExit2OneLiner_beforeAnyRule(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(run("run", "--groups", "KV", "--out", file.resolve("results").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("dsbench: --out " + file.resolve("results")
                + ": cannot write results there (");
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
        assertThat(out.toString()).as("no rule ran").doesNotContain("passed");
    }

    @Test
    void run_passwordInEndpoint_isRefusedWithAHint() {
        assertThat(run("run", "-b", "redis", "--endpoint", "redis://:s3cr3t@127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("dsbench: --endpoint 'redis://:***@127.0.0.1:1' carries a password")
                .contains("DSBENCH_REDIS_PASSWORD").doesNotContain("s3cr3t");
    }

    @Test
    void run_endpointWithoutScheme_suggestsIt() {
        assertThat(run("run", "-b", "redis", "--endpoint", "127.0.0.1:6379")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("dsbench: --endpoint '127.0.0.1:6379' has no scheme; did you mean"
                + " redis://127.0.0.1:6379 ?");
        err.getBuffer().setLength(0);
        assertThat(run("run", "-b", "etcd", "--endpoint", "etcd=127.0.0.1:2379")).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean http://127.0.0.1:2379 ?");
    }

    @Test
    void run_seedIsPrintedRecordedAndReplayed(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--groups", "LIN", "--seed", "424242", "--out", dir.toString())).as(out + "\n" + err)
                .isZero();
        assertThat(out.toString()).contains("seed 424242").contains("LIN-KV seed = 424242")
                .contains("replay: --seed 424242");
        JsonNode root = ResultsWriter.JSON.readTree(dir.resolve("latest").resolve("conformance.json").toFile());
        assertThat(root.get("seed").asLong()).isEqualTo(424242);
        assertThat(root.get("complete").asBoolean()).isTrue();
        boolean recorded = false;
        for (JsonNode r : root.get("results")) {
            if (r.get("rule").asText().equals("LIN-KV")) {
                recorded = r.get("measurements").get("seed").asText().equals("424242");
            }
        }
        assertThat(recorded).as("LIN-KV records the seed it used").isTrue();
        assertThat(System.getProperty(io.dsbench.conformance.TestEnvironment.SEED_OVERRIDE_PROPERTY))
                .as("the run leaves no setting behind").isNull();
    }

    @Test
    void run_writesEveryRuleIncrementally_asJsonLines(@TempDir Path dir) throws Exception {
        assertThat(run("run", "--groups", "KV", "--out", dir.toString())).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("latest").resolve("rules.jsonl"));
        JsonNode summary = ResultsWriter.JSON.readTree(dir.resolve("latest").resolve("conformance.json").toFile());
        assertThat(lines).hasSize(summary.get("results").size());
        for (String l : lines) {
            assertThat(ResultsWriter.JSON.readTree(l).get("rule").asText()).startsWith("KV-");
        }
    }

    @Test
    void outcomes_anAbortThatIsNotACapabilitySkipIsAnError_anUndecidedCheckerIsUnknown() {
        var s = org.junit.platform.engine.TestExecutionResult.Status.class;
        assertThat(KitRunner.outcomeOf(org.junit.platform.engine.TestExecutionResult.Status.ABORTED,
                new org.opentest4j.TestAbortedException("Assumption failed"))).isEqualTo(KitRunner.Outcome.ERROR);
        assertThat(KitRunner.outcomeOf(org.junit.platform.engine.TestExecutionResult.Status.ABORTED,
                new io.dsbench.conformance.CapabilityMissingException("needs capability DURABLE")))
                .isEqualTo(KitRunner.Outcome.SKIPPED);
        assertThat(KitRunner.outcomeOf(org.junit.platform.engine.TestExecutionResult.Status.FAILED,
                new io.dsbench.conformance.VerdictUnknownException("time limit"))).isEqualTo(KitRunner.Outcome.UNKNOWN);
        assertThat(KitRunner.outcomeOf(org.junit.platform.engine.TestExecutionResult.Status.FAILED,
                new AssertionError("x"))).isEqualTo(KitRunner.Outcome.FAILED);
        assertThat(KitRunner.outcomeOf(org.junit.platform.engine.TestExecutionResult.Status.FAILED,
                new IllegalStateException("x"))).isEqualTo(KitRunner.Outcome.ERROR);
        assertThat(s).isNotNull();
    }

    @Test
    void exitCodes_errorIsOne_unknownAloneIsThree_skipsAreZero() {
        KitRunner.RuleResult passed = result(KitRunner.Outcome.PASSED);
        assertThat(summary(passed, result(KitRunner.Outcome.SKIPPED)).exitCode()).isZero();
        assertThat(summary(passed, result(KitRunner.Outcome.ERROR)).exitCode()).isEqualTo(1);
        assertThat(summary(passed, result(KitRunner.Outcome.UNKNOWN)).exitCode()).isEqualTo(3);
        assertThat(summary(result(KitRunner.Outcome.UNKNOWN), result(KitRunner.Outcome.FAILED)).exitCode()).isEqualTo(1);
        StringWriter table = new StringWriter();
        summary(passed, result(KitRunner.Outcome.UNKNOWN)).printTable(new PrintWriter(table, true));
        assertThat(table.toString()).contains("unknown").contains("UNKNOWN (the checker could not decide) on b");
    }

    @Test
    void runHelp_fitsIn80Columns_andNeverSplitsAnExample() {
        assertThat(run("run", "--help")).isZero();
        String help = out.toString();
        assertThat(help.lines().filter(l -> l.length() > 80).toList()).isEmpty();
        assertThat(help).contains("redis=redis://host:6379/0", "etcd=http://h1:2379,http://h2:2379",
                "etcd.reads=serializable", "redis.topology=standalone", "130  interrupted");
    }

    private static KitRunner.RuleResult result(KitRunner.Outcome o) {
        return new KitRunner.RuleResult("X-" + o.ordinal(), "t", "REQUIRED", "X", "b", "T.m", o,
                o == KitRunner.Outcome.PASSED ? null : "why", 1, java.util.Map.of());
    }

    private static RunSummary summary(KitRunner.RuleResult... rs) {
        return new RunSummary("id", List.of(new RunSummary.BackendRun("b", "d", List.of(), 1L, 1L, null, List.of(rs), 1)));
    }
}
