package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.TpcConfig;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The participants of the 2PC experiment: {@code size} {@link KeyValueParticipant}s, each over its own namespace and
 * log of the backend, vetoing a prepare whose write is {@link #REFUSE}; coordinators over them; and a saga of the
 * same steps over the same stores (step {@code p<i>} writes the key into participant i's namespace, compensation
 * deletes it; idempotent with the backend's store; refused when the saga's input names the participant).
 */
final class TpcParticipants {
    /** The value a participant votes no to (and the saga input key naming the refusing participant). */
    static final String REFUSE = "refuse";

    private static final Duration LOCK_WAIT = Duration.ofMillis(100);

    final List<KeyValueParticipant> participants = new ArrayList<>();
    final List<KeyValueStore> stores = new ArrayList<>();
    private final Backend backend;
    private final String prefix;

    TpcParticipants(Backend backend, String prefix, int size) {
        this.backend = backend;
        this.prefix = prefix;
        for (int i = 0; i < size; i++) {
            KeyValueStore kv = backend.keyValue(prefix + "-data-p" + i);
            stores.add(kv);
            participants.add(new KeyValueParticipant("p" + i, backend.log(prefix + "-log-p" + i), kv, LOCK_WAIT,
                    (tx, writes) -> writes.values().stream().anyMatch(v -> new String(v, StandardCharsets.UTF_8)
                            .equals(REFUSE)) ? Optional.of("refuses the write") : Optional.empty(),
                    RemoteCalls.defaults()));
        }
    }

    /** How long a participant waits for a locked key before voting no. */
    Duration lockWait() {
        return LOCK_WAIT;
    }

    /** A coordinator over every participant with its log {@code name} (shared by coordinators of that name). */
    TwoPhaseCommitCoordinator coordinator(String name, CrashHook crash) {
        return new TwoPhaseCommitCoordinator(backend.log(prefix + "-" + name), participants, TpcConfig.defaults(),
                OpenTelemetry.noop().getTracer("dsbench-tradeoffs"), crash);
    }

    /** The writes of one transaction: {@code key} on every participant, refused by {@code refusing} (or -1). */
    Map<String, byte[]> writes(String key, int refusing) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < participants.size(); i++) {
            String v = i == refusing ? REFUSE : "v";
            out.put(participants.get(i).id(), KeyValueParticipant.encodeWrites(
                    Map.of(key, v.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /**
     * An orchestrator of the saga of the same steps ({@code name} {@code same-steps}), over its own saga log
     * {@code name}: with {@code idempotent}, each step through {@link IdempotentStep} (dsbench's safe default: a step
     * redelivered after a crash or racing its compensation runs once); without, the plain put and delete (idempotent
     * themselves, enough while nothing crashes).
     */
    SagaOrchestrator sagaOfTheSameSteps(String name, boolean idempotent) {
        Duration lock = backend.timing().minTtl().compareTo(Duration.ofSeconds(2)) > 0 ? backend.timing().minTtl()
                : Duration.ofSeconds(2);
        List<SagaStep> steps = new ArrayList<>();
        for (int i = 0; i < participants.size(); i++) {
            String id = participants.get(i).id();
            KeyValueStore kv = stores.get(i);
            SagaStep step = SagaStep.of(id, c -> {
                if (id.equals(c.input().get(REFUSE))) {
                    throw new IllegalStateException(id + " refuses the write");
                }
                kv.put(c.input().get("key"), "v".getBytes(StandardCharsets.UTF_8));
            }, c -> kv.delete(c.input().get("key")));
            steps.add(idempotent ? IdempotentStep.of(backend.idempotency(new IdempotencyConfig(prefix + "-" + name
                    + "-idem-" + id, Duration.ofHours(1), lock)), step) : step);
        }
        DurableLog log = backend.log(prefix + "-" + name);
        return new SagaOrchestrator(log, List.of(new SagaDefinition("same-steps", steps)), SagaConfig.defaults(),
                OpenTelemetry.noop().getTracer("dsbench-tradeoffs"), CrashHook.NONE);
    }

    /** How many participants' stores hold {@code key}. */
    int holding(String key) {
        int n = 0;
        for (KeyValueStore kv : stores) {
            if (kv.get(key).isPresent()) {
                n++;
            }
        }
        return n;
    }

    /** The longest a participant was blocked (yes vote to decision) in {@code txId}, in ns; -1 if none voted yes. */
    long blockedNanos(String txId) {
        long max = -1;
        for (KeyValueParticipant p : participants) {
            Optional<Duration> d = p.blockedFor(txId);
            if (d.isPresent()) {
                max = Math.max(max, d.get().toNanos());
            }
        }
        return max;
    }

    /** Participants holding {@code txId} in doubt (prepared, undecided, its locks held). */
    int inDoubt(String txId) {
        return (int) participants.stream().filter(p -> p.inDoubt().contains(txId)).count();
    }
}
