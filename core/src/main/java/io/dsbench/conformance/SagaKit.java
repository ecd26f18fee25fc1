package io.dsbench.conformance;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * What the saga rules share: simulated services keeping a ledger of their effects (a non-idempotent increment
 * per step, made idempotent by {@link IdempotentStep} over the backend's store), so every rule can check net
 * effects exactly; the backend's idempotency store and log; a fast orchestrator configuration. The rules are in
 * {@link SagaRecoveryRules} (crash, recovery, ownership) and {@link SagaVerification} (runs, failures, retries,
 * redelivery, tracing).
 */
public abstract class SagaKit extends AbstractVerification {

    /** The effects of simulated services: per saga and step, how often the effect was applied and undone. */
    protected static final class Ledger {
        private final Map<String, AtomicInteger> net = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> executes = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> compensates = new ConcurrentHashMap<>();
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        void apply(StepContext c) {
            calls.add("execute " + c.stepName());
            executes.computeIfAbsent(key(c), k -> new AtomicInteger()).incrementAndGet();
            net.computeIfAbsent(key(c), k -> new AtomicInteger()).incrementAndGet();
        }

        /** Undo if applied (a compensation must tolerate a step that did not happen). */
        void undo(StepContext c) {
            calls.add("compensate " + c.stepName());
            compensates.computeIfAbsent(key(c), k -> new AtomicInteger()).incrementAndGet();
            net.computeIfAbsent(key(c), k -> new AtomicInteger()).updateAndGet(v -> v > 0 ? v - 1 : v);
        }

        int net(String sagaId, int step) {
            AtomicInteger n = net.get(sagaId + "/" + step);
            return n == null ? 0 : n.get();
        }

        int executes(String sagaId, int step) {
            AtomicInteger n = executes.get(sagaId + "/" + step);
            return n == null ? 0 : n.get();
        }

        int compensates(String sagaId, int step) {
            AtomicInteger n = compensates.get(sagaId + "/" + step);
            return n == null ? 0 : n.get();
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        private static String key(StepContext c) {
            return c.sagaId() + "/" + c.stepIndex();
        }
    }

    protected IdempotencyStore idempotency() {
        Duration lock = backend.timing().minTtl().compareTo(Duration.ofSeconds(2)) > 0 ? backend.timing().minTtl()
                : Duration.ofSeconds(2);
        return backend.idempotency(new IdempotencyConfig(unique("saga-idem"), Duration.ofHours(1), lock));
    }

    /** A service step: applies an effect to the ledger; made idempotent by the backend's store. */
    protected static SagaStep service(IdempotencyStore idem, Ledger ledger, String name) {
        return IdempotentStep.of(idem, SagaStep.of(name, ledger::apply, ledger::undo));
    }

    /** A service step whose execution fails (definitely, no effect) with {@code reason}. */
    protected static SagaStep failing(IdempotencyStore idem, Ledger ledger, String name, String reason) {
        return IdempotentStep.of(idem, SagaStep.of(name, c -> {
            ledger.calls.add("execute " + name + " (fails)");
            throw new IllegalStateException(reason);
        }, ledger::undo));
    }

    protected SagaConfig fastConfig() {
        RemoteCalls.Settings steps = new RemoteCalls.Settings(env.scaled(Duration.ofSeconds(5)), 3, Duration.ofMillis(20),
                2.0, 0.5, Duration.ofMillis(500));
        RemoteCalls.Settings comps = new RemoteCalls.Settings(env.scaled(Duration.ofSeconds(5)), 6, Duration.ofMillis(20),
                2.0, 0.5, Duration.ofMillis(500));
        return SagaConfig.defaults().withStepCalls(steps).withCompensationCalls(comps);
    }

    protected SagaOrchestrator orchestrator(DurableLog log, SagaDefinition def, SagaConfig config, CrashHook crash) {
        return new SagaOrchestrator(log, List.of(def), config, OpenTelemetry.noop().getTracer("kit"), crash);
    }

    protected static List<String> types(DurableLog log, String sagaId) {
        return SagaLog.records(log).stream().filter(r -> r.sagaId().equals(sagaId))
                .map(r -> r.type() + (r.step() >= 0 ? " " + r.step() : "")).collect(Collectors.toList());
    }
}
