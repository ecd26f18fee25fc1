package io.dsbench.patterns.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Recovery that itself crashes, and many sagas interleaving in one log. */
class SagaRecoveryTest {
    private final Map<String, AtomicInteger> net = new ConcurrentHashMap<>();

    private SagaDefinition definition(IdempotencyStore idem, boolean lastFails) {
        List<SagaStep> steps = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            boolean fail = lastFails && k == 2;
            steps.add(IdempotentStep.of(idem, SagaStep.of("s" + k, c -> {
                if (fail) {
                    throw new IllegalStateException("no");
                }
                net.computeIfAbsent(c.sagaId() + "/" + c.stepIndex(), x -> new AtomicInteger()).incrementAndGet();
            }, c -> net.computeIfAbsent(c.sagaId() + "/" + c.stepIndex(), x -> new AtomicInteger())
                    .updateAndGet(v -> v > 0 ? v - 1 : v))));
        }
        return new SagaDefinition("trip", steps);
    }

    private SagaOrchestrator orchestrator(DurableLog log, SagaDefinition def, SagaConfig.RecoveryMode mode, CrashHook hook) {
        return new SagaOrchestrator(log, List.of(def), SagaConfig.defaults().withRecovery(mode),
                OpenTelemetry.noop().getTracer("t"), hook);
    }

    private int net(String id, int k) {
        AtomicInteger n = net.get(id + "/" + k);
        return n == null ? 0 : n.get();
    }

    @Test
    void crashDuringRecovery_atEveryBoundary_thirdOrchestratorStillEndsAllOrNothing() {
        int scenarios = 0;
        for (SagaConfig.RecoveryMode mode : SagaConfig.RecoveryMode.values()) {
            for (boolean lastFails : new boolean[] {false, true}) {
                for (int first = 2; first <= 30; first++) {
                    for (int second = 1; second <= 12; second++) {
                        TinyBackend b = new TinyBackend();
                        IdempotencyStore idem = b.idempotency(IdempotencyConfig.of("i"));
                        DurableLog log = b.log("l");
                        String id = "s-" + mode + lastFails + first + "-" + second;
                        SagaDefinition def = definition(idem, lastFails);
                        try {
                            orchestrator(log, def, mode, CrashHook.crashAt(first)).run("trip", id, Map.of());
                        } catch (SimulatedCrash expected) {
                            // abandoned
                        }
                        try {
                            orchestrator(log, def, mode, CrashHook.crashAt(second)).recover();
                        } catch (SimulatedCrash expected) {
                            // the recovery was abandoned too
                        }
                        orchestrator(log, def, mode, CrashHook.NONE).recover();
                        SagaState st = SagaLog.states(log).get(id);
                        assertThat(st.finished()).as(id).isPresent();
                        int expected = st.finished().get() == SagaResult.Outcome.COMPLETED ? 1 : 0;
                        for (int k = 0; k < 3; k++) {
                            assertThat(net(id, k)).as(id + " step " + k + " " + st).isEqualTo(expected);
                        }
                        if (lastFails) {
                            assertThat(st.finished()).contains(SagaResult.Outcome.COMPENSATED);
                        }
                        scenarios++;
                    }
                }
            }
        }
        assertThat(scenarios).isGreaterThan(1000);
    }

    @Test
    void manySagasInterleaved_allFinish_consistently() throws Exception {
        TinyBackend b = new TinyBackend();
        IdempotencyStore idem = b.idempotency(IdempotencyConfig.of("i"));
        DurableLog log = b.log("l");
        SagaOrchestrator ok = orchestrator(log, definition(idem, false), SagaConfig.RecoveryMode.COMPENSATE, CrashHook.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SagaResult>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "c" + i;
                fs.add(pool.submit(() -> ok.run("trip", id, Map.of())));
            }
            for (Future<SagaResult> f : fs) {
                assertThat(f.get(30, TimeUnit.SECONDS).completed()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, SagaState> states = SagaLog.states(log);
        assertThat(states).hasSize(40);
        assertThat(states.values()).allSatisfy(s -> assertThat(s.finished()).contains(SagaResult.Outcome.COMPLETED));
        for (int i = 0; i < 40; i++) {
            for (int k = 0; k < 3; k++) {
                assertThat(net("c" + i, k)).isEqualTo(1);
            }
        }
        assertThat(ok.recover()).isEmpty();
    }

    @Test
    void recoveryWithWrongStepCount_clearError() {
        TinyBackend b = new TinyBackend();
        DurableLog log = b.log("l");
        log.append(new SagaLogRecord(SagaLogRecord.Type.STARTED, "x", "trip", -1, "5;").encode());
        SagaOrchestrator o = orchestrator(log, definition(b.idempotency(IdempotencyConfig.of("i")), false),
                SagaConfig.RecoveryMode.COMPENSATE, CrashHook.NONE);
        assertThatThrownBy(o::recover).hasMessageContaining("the log says 5 steps").hasMessageContaining("has 3");
    }
}
