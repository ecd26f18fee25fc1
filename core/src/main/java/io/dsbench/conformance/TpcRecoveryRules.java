package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.Participant;
import io.dsbench.patterns.tpc.TpcConfig;
import io.dsbench.patterns.tpc.TpcLog;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.patterns.tpc.Vote;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
/**
 * The two-phase commit rules about crashes, recovery and ownership (TPC-3, TPC-4, TPC-7): a coordinator abandoned
 * before or after its decision, and a recovering coordinator racing the original. Every rule uses fresh logs and
 * namespaces.
 */
public abstract class TpcRecoveryRules extends TpcKit {

    /**
     * The coordinator is abandoned at every boundary after it logged the decision (after DECISION, after each
     * participant's commit or abort, after END), for a commit and for an abort decision; a new coordinator's
     * recovery completes the logged decision on every participant, and a second recovery finds nothing.
     * If this fails, check the backend's log durability within a session (LOG-1).
     */
    @Test
    @ConformanceRule(id = "TPC-3", title = "coordinator abandoned after logging the decision: recovery completes it on every participant")
    public void required_TPC3_crashAfterDecisionRecoveryCompletes(TestReporter reporter) {
        int runs = 0;
        for (boolean commit : new boolean[] {true, false}) {
            List<String> points = dryRun(commit);
            int decision = points.indexOf(points.stream().filter(p -> p.endsWith(" after DECISION")).findFirst()
                    .orElseThrow(() -> new AssertionError("no 'after DECISION' boundary in " + points)));
            for (int i = decision + 1; i <= points.size(); i++) {
                crashAndRecover(commit, i, points.get(i - 1), true);
                runs++;
            }
        }
        publish(reporter, "TPC-3.crashPoints", String.valueOf(runs));
    }

    /**
     * The coordinator is abandoned at every boundary before the decision (before BEGIN, after BEGIN, after
     * the prepare phase): recovery aborts on every participant (nothing committed, all locks released), also
     * where every participant had voted yes.
     * If this fails, check the backend's log (LOG-1).
     */
    @Test
    @ConformanceRule(id = "TPC-4", title = "coordinator abandoned before the decision: recovery aborts")
    public void required_TPC4_crashBeforeDecisionRecoveryAborts(TestReporter reporter) {
        int runs = 0;
        List<String> points = dryRun(true);
        for (int i = 1; i <= points.size() && !points.get(i - 1).endsWith(" after DECISION"); i++) {
            crashAndRecover(true, i, points.get(i - 1), false);
            runs++;
        }
        assertThat(runs).as("boundaries before the decision").isGreaterThanOrEqualTo(3);
        publish(reporter, "TPC-4.crashPoints", String.valueOf(runs));
    }

    protected List<String> dryRun(boolean commit) {
        Cluster c = commit ? new Cluster(3) : new Cluster(3, null, null, (tx, w) -> Optional.of("veto"));
        CrashHook.Recording rec = CrashHook.recording();
        try (TwoPhaseCommitCoordinator coord = c.coordinator(rec)) {
            coord.execute(unique("dry"), c.writes("k", "v"));
        }
        return rec.points();
    }

    private void crashAndRecover(boolean commit, int crashAt, String point, boolean afterDecision) {
        Cluster c = commit ? new Cluster(3) : new Cluster(3, null, null, (tx, w) -> Optional.of("veto"));
        String tx = unique("tx");
        String where = (commit ? "commit" : "abort") + " decision, crash at boundary " + crashAt + " (" + point + ")";
        try (TwoPhaseCommitCoordinator crashing = c.coordinator(CrashHook.crashAt(crashAt))) {
            assertThatThrownBy(() -> crashing.execute(tx, c.writes("k", "v"))).as(where)
                    .isInstanceOf(SimulatedCrash.class);
        }
        List<TpcResult> recovered;
        try (TwoPhaseCommitCoordinator recovering = c.coordinator(CrashHook.NONE)) {
            recovered = recovering.recover();
            assertThat(recovering.recover()).as(where + ": a second recovery finds nothing").isEmpty();
        }
        boolean begun = !TpcLog.read(c.coordinatorLog, TpcLog.COORDINATOR).isEmpty();
        boolean ended = types(c.coordinatorLog, TpcLog.COORDINATOR).stream().filter("END"::equals).count() == 1;
        if (afterDecision && commit) {
            c.assertCommitted(tx, "k", "v", where);
        } else {
            c.assertAborted(tx, "k", where);
        }
        if (begun) {
            assertThat(ended).as(where + ": exactly one END after recovery").isTrue();
            if (!point.endsWith(" after END")) {
                assertThat(recovered).as(where).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(
                        afterDecision && commit ? TpcResult.Outcome.COMMITTED : TpcResult.Outcome.ABORTED));
            }
            if (!afterDecision) {
                for (KeyValueParticipant p : c.participants) {
                    assertThat(p.isAborted(tx)).as(where + ": " + p.id() + " told to abort").isTrue();
                }
            }
        } else {
            assertThat(recovered).as(where + ": nothing was logged, nothing to recover").isEmpty();
        }
    }
}
