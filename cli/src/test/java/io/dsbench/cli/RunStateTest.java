package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.conformance.ConformanceRule;
import io.dsbench.conformance.RuleCatalog;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who writes a run's results when Ctrl-C comes while the main thread is finishing: exactly one of them, and the
 * other writes nothing. The shutdown hook is played by calling {@link RunState#onShutdown()} (a real SIGINT is
 * {@code RunFaultsIT.ctrlC_keepsFinishedWork_andLeavesNoProcessTempDirOrSecret}).
 */
class RunStateTest {
    private static final List<RuleCatalog.Rule> PLAN = List.of(rule("KV-1"), rule("KV-2"), rule("KV-3"));

    private final StringWriter out = new StringWriter();

    private static RuleCatalog.Rule rule(String id) {
        return new RuleCatalog.Rule(id, "rule " + id, ConformanceRule.Level.REQUIRED, List.of(), RunStateTest.class,
                "m", ConformanceRule.Scope.BACKEND);
    }

    private static KitRunner.RuleResult passed(String id, String backend) {
        return new KitRunner.RuleResult(id, "rule " + id, "REQUIRED", "KV", backend, "T.m", KitRunner.Outcome.PASSED,
                null, 1, Map.of());
    }

    /** A state whose interrupt report is the real one (run.json, then index.html), as RunCommand sets it. */
    private RunState state(ResultsWriter writer) {
        RunState s = new RunState(writer, 7, false, new PrintWriter(out, true));
        s.plan("inmemory", PLAN);
        s.plan("redis", PLAN);
        s.onInterruptReport(partial -> Reporting.finish(writer.dir(), "dsbench run --backends inmemory,redis",
                Instant.now(), 130, List.of(), new PrintWriter(out, true), writer));
        return s;
    }

    @Test
    void anInterruptFirst_thePartialResultsStay_andTheReportNamesWhatDidNotRun(@TempDir Path tmp) throws Exception {
        ResultsWriter writer = ResultsWriter.create(tmp, "r1");
        RunState state = state(writer);
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            state.started(b);
            state.record(passed("KV-1", "inmemory"));
            state.onShutdown(); // Ctrl-C while inmemory's KV-2 runs

            // the main thread gets to its end afterwards: it must not write the summary, marked complete
            assertThat(state.finish()).isFalse();
            state.record(passed("KV-2", "inmemory")); // a straggler is not kept either
            state.ended();
        }
        JsonNode conf = ResultsWriter.JSON.readTree(tmp.resolve("r1/conformance.json").toFile());
        assertThat(conf.get("complete").asBoolean()).isFalse();
        assertThat(conf.get("results")).hasSize(1);
        assertThat(conf.get("not_run")).hasSize(2);
        assertThat(conf.at("/not_run/0/backend").asText()).isEqualTo("inmemory");
        assertThat(conf.at("/not_run/0/started").asBoolean()).isTrue();
        assertThat(conf.at("/not_run/0/rules")).extracting(r -> r.get("rule").asText()).containsExactly("KV-2", "KV-3");
        assertThat(conf.at("/not_run/1/backend").asText()).isEqualTo("redis");
        assertThat(conf.at("/not_run/1/started").asBoolean()).isFalse();
        assertThat(conf.at("/not_run/1/rules")).hasSize(3);
        assertThat(out.toString()).contains("not run on inmemory: 2 rules, groups [KV]")
                .contains("not run on redis: 3 rules (its rules had not started)")
                .contains("Report: " + tmp.resolve("r1/index.html"));
        String html = Files.readString(tmp.resolve("r1/index.html"));
        assertThat(html).contains("backend inmemory: 2 rules did not run (interrupted): KV-2, KV-3")
                .contains("backend redis: 3 rules did not run (interrupted before its rules began)");
        JsonNode run = ResultsWriter.JSON.readTree(tmp.resolve("r1/run.json").toFile());
        assertThat(run.at("/commands/0/exit_code").asInt()).isEqualTo(130);
    }

    @Test
    void theMainThreadFirst_anInterruptWaitsForItsCompleteResults_andWritesNothing(@TempDir Path tmp)
            throws Exception {
        ResultsWriter writer = ResultsWriter.create(tmp, "r2");
        RunState state = state(writer);
        assertThat(state.finish()).isTrue(); // the main thread is writing the complete results
        Thread hook = new Thread(state::onShutdown, "hook");
        hook.start();
        hook.join(TimeUnit.MILLISECONDS.toMillis(300));
        assertThat(hook.isAlive()).as("the hook waits for the main thread").isTrue();
        writer.writeConformance(new RunSummary("r2", List.of()), true, 7);
        state.ended();
        hook.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(hook.isAlive()).isFalse();
        JsonNode conf = ResultsWriter.JSON.readTree(tmp.resolve("r2/conformance.json").toFile());
        assertThat(conf.get("complete").asBoolean()).isTrue();
        assertThat(conf.has("not_run")).isFalse();
        assertThat(out.toString()).doesNotContain("interrupted");
        assertThat(tmp.resolve("r2/index.html")).doesNotExist(); // the main thread writes it, not the hook
        assertThat(state.wasInterrupted()).isFalse();
    }
}
