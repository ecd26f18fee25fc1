package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaLogRecord;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The saga rules about crashes, recovery and ownership (SAGA-4, SAGA-7, SAGA-8): an orchestrator abandoned at any
 * boundary, a step whose process died after its effect, two orchestrators racing on one saga. Each rule uses a
 * fresh log and idempotency namespace.
 */
public abstract class SagaRecoveryRules extends SagaKit {

    /**
     * The orchestrator is abandoned (a simulated crash) at every boundary between its externally visible
     * actions, exhaustively, for a saga that succeeds and one whose last step fails, under both recovery
     * modes; a new orchestrator's recovery then ends each saga fully done or fully compensated: every step's
     * net effect is the same (all 1 or all 0), no effect was applied or undone twice, a COMPLETED saga had no
     * compensation, a failing saga never completes, RESUME never rolls back a saga in which nothing failed,
     * and the log holds exactly one FINISHED matching the outcome.
     * If this fails, check the log's durability and order within one backend session (LOG-1, LOG-2) and the
     * idempotency store (IDEM-1..IDEM-5).
     */
    @Test
    @ConformanceRule(id = "SAGA-4", title = "an orchestrator abandoned at every step boundary is recovered all-or-nothing")
    public void required_SAGA4_crashAtEveryBoundaryRecoversAllOrNothing(TestReporter reporter) {
        int total = 0;
        for (SagaConfig.RecoveryMode mode : SagaConfig.RecoveryMode.values()) {
            for (boolean lastFails : new boolean[] {false, true}) {
                int points = boundaries(mode, lastFails);
                assertThat(points).as("boundaries found by the dry run").isGreaterThan(5);
                for (int crashAt = 1; crashAt <= points; crashAt++) {
                    crashAndRecover(mode, lastFails, crashAt);
                    total++;
                }
            }
        }
        publish(reporter, "SAGA-4.crashPoints", String.valueOf(total));
    }

    private SagaDefinition crashSaga(IdempotencyStore idem, Ledger ledger, boolean lastFails) {
        return SagaDefinition.of("trip", service(idem, ledger, "flight"), service(idem, ledger, "hotel"),
                lastFails ? failing(idem, ledger, "car", "no cars left") : service(idem, ledger, "car"));
    }

    private int boundaries(SagaConfig.RecoveryMode mode, boolean lastFails) {
        Ledger ledger = new Ledger();
        CrashHook.Recording rec = CrashHook.recording();
        orchestrator(backend.log(unique("saga4-dry")), crashSaga(idempotency(), ledger, lastFails),
                fastConfig().withRecovery(mode), rec).run("trip", unique("dry"), Map.of());
        return rec.points().size();
    }

    private void crashAndRecover(SagaConfig.RecoveryMode mode, boolean lastFails, int crashAt) {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        DurableLog log = backend.log(unique("saga4"));
        String id = unique("s");
        CrashHook.Recording crash = CrashHook.crashAt(crashAt);
        SagaConfig config = fastConfig().withRecovery(mode);
        assertThatThrownBy(() -> orchestrator(log, crashSaga(idem, ledger, lastFails), config, crash)
                .run("trip", id, Map.of())).isInstanceOf(SimulatedCrash.class);
        String where = "mode " + mode + ", last step " + (lastFails ? "fails" : "succeeds") + ", crash at boundary "
                + crashAt + " (" + crash.crashedAt() + ")";
        List<SagaResult> recovered = orchestrator(log, crashSaga(idem, ledger, lastFails), config, CrashHook.NONE).recover();
        boolean started = SagaLog.records(log).stream().anyMatch(r -> r.sagaId().equals(id));
        if (!started) {
            assertThat(recovered).as(where).isEmpty();
            assertThat(ledger.calls()).as(where + ": nothing may have run").isEmpty();
            return;
        }
        SagaResult.Outcome outcome = SagaLog.states(log).get(id).finished().orElse(null);
        assertThat(outcome).as(where + ": the saga must be finished in the log").isNotNull();
        long finishedRecords = SagaLog.records(log).stream()
                .filter(r -> r.sagaId().equals(id) && r.type() == SagaLogRecord.Type.FINISHED).count();
        assertThat(finishedRecords).as(where + ": exactly one FINISHED").isEqualTo(1);
        assertThat(outcome).as(where).isNotEqualTo(SagaResult.Outcome.MANUAL_INTERVENTION_REQUIRED);
        int expectedNet = outcome == SagaResult.Outcome.COMPLETED ? 1 : 0;
        for (int k = 0; k < 3; k++) {
            assertThat(ledger.net(id, k)).as(where + ": net effect of step " + k + " (outcome " + outcome + ")")
                    .isEqualTo(expectedNet);
            assertThat(ledger.executes(id, k)).as(where + ": step " + k + " applied at most once").isLessThanOrEqualTo(1);
            assertThat(ledger.compensates(id, k)).as(where + ": step " + k + " undone at most once").isLessThanOrEqualTo(1);
            if (outcome == SagaResult.Outcome.COMPLETED) {
                assertThat(ledger.compensates(id, k)).as(where + ": a completed saga compensates nothing").isZero();
            }
        }
        if (lastFails) {
            assertThat(outcome).as(where + ": a saga whose step fails can never complete")
                    .isEqualTo(SagaResult.Outcome.COMPENSATED);
        } else if (mode == SagaConfig.RecoveryMode.RESUME) {
            assertThat(outcome).as(where + ": RESUME finishes a saga in which nothing failed")
                    .isEqualTo(SagaResult.Outcome.COMPLETED);
        }
        assertThat(orchestrator(log, crashSaga(idem, ledger, lastFails), config, CrashHook.NONE).recover())
                .as(where + ": a second recovery finds nothing to do").isEmpty();
    }
}
