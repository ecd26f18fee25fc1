package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.OrderFlow;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The services of {@link OrderFlow} for one saga style, over the backend: each service's step reserves the saga in
 * the service's own key-value namespace (compensation: deletes it), made idempotent with the backend's idempotency
 * store ({@link IdempotentStep}, the project's mechanism). Each service's primitives are counted as its own calls
 * ({@link BackendCalls}). Counts per saga: step deliveries (a call or handling that reached the step, redeliveries
 * included) and steps run (executions and compensations that reached the service's own code, after deduplication).
 */
final class SagaServices {
    private static final byte[] RESERVED = "reserved".getBytes(StandardCharsets.UTF_8);

    private final Map<String, KeyValueStore> stores = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final SagaDefinition definition;

    /**
     * @param backend where the services keep their data
     * @param prefix  namespace prefix, unique to this run and style
     * @param calls   where the services' backend calls are counted (under each service's name)
     */
    SagaServices(Backend backend, String prefix, BackendCalls calls) {
        Duration lock = backend.timing().minTtl().compareTo(Duration.ofSeconds(2)) > 0 ? backend.timing().minTtl()
                : Duration.ofSeconds(2);
        Map<String, IdempotencyStore> idem = new LinkedHashMap<>();
        Map<String, KeyValueStore> counted = new LinkedHashMap<>();
        for (String s : OrderFlow.SERVICES) {
            KeyValueStore kv = backend.keyValue(prefix + "-" + s);
            stores.put(s, kv);
            counted.put(s, calls.wrap(KeyValueStore.class, kv, s));
            idem.put(s, calls.wrap(IdempotencyStore.class, backend.idempotency(
                    new IdempotencyConfig(prefix + "-idem-" + s, Duration.ofHours(1), lock)), s));
        }
        definition = OrderFlow.definition(s -> new OrderFlow.Effect() {
            @Override
            public void apply(StepContext c) {
                counted.get(s).put(c.sagaId(), RESERVED);
            }

            @Override
            public void undo(StepContext c) {
                counted.get(s).delete(c.sagaId());
            }
        }, step -> counting(IdempotentStep.of(idem.get(step.name()), counting(step, runs)), deliveries),
                s -> io.dsbench.patterns.faults.CrashHook.NONE);
    }

    private static SagaStep counting(SagaStep step, Map<String, AtomicInteger> count) {
        return SagaStep.of(step.name(), c -> {
            count.computeIfAbsent(c.sagaId(), k -> new AtomicInteger()).incrementAndGet();
            step.execute(c);
        }, c -> {
            count.computeIfAbsent(c.sagaId(), k -> new AtomicInteger()).incrementAndGet();
            step.compensate(c);
        }, step.timeout().orElse(null));
    }

    SagaDefinition definition() {
        return definition;
    }

    /** Step calls or handlings that reached the step of {@code sagaId} (redeliveries included). */
    int deliveries(String sagaId) {
        AtomicInteger n = deliveries.get(sagaId);
        return n == null ? 0 : n.get();
    }

    /** Executions and compensations of {@code sagaId} that ran the services' own code. */
    int stepsRun(String sagaId) {
        AtomicInteger n = runs.get(sagaId);
        return n == null ? 0 : n.get();
    }

    /**
     * The services whose reservation of {@code sagaId} disagrees with its end: all present when it completed, none
     * when it was compensated (empty: all or nothing held).
     */
    List<String> violations(String sagaId, boolean completed) {
        List<String> out = new ArrayList<>();
        stores.forEach((s, kv) -> {
            if (kv.get(sagaId).isPresent() != completed) {
                out.add(s + (completed ? " lacks" : " still holds") + " its reservation");
            }
        });
        return out;
    }
}
