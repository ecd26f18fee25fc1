package io.dsbench.conformance;

import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The classic "W + R &gt; N is not linearizability" schedule, made deterministic with per-link faults, over three
 * namespaces of a backend. N=3, W=2, R=2:
 * <ol>
 *   <li>a writer puts {@code "old"}, then starts putting {@code "new"}; its links to replica-1 and replica-2 delay
 *       writes, so only replica-0 holds {@code "new"} while the write is in flight;</li>
 *   <li>reader A (link to replica-2 down, writes to replica-1 delayed) reads replicas 0 and 1 and returns
 *       {@code "new"};</li>
 *   <li>reader B (link to replica-0 down) then reads replicas 1 and 2.</li>
 * </ol>
 * In STRONG mode B returns {@code "old"} after A returned {@code "new"}: a new-then-old inversion no linearizable
 * register allows. In LINEARIZABLE (ABD) mode A writes {@code "new"} back to W replicas before returning, so B
 * returns {@code "new"}. Used by rule QUORUM-9 and by the linearizability module's LIN-QUORUM, which records the
 * same schedule as a history.
 *
 * <p>Each run uses fresh namespaces. Not thread-safe; run one scenario at a time per instance.
 */
public final class StaleReadScenario {
    /** Receives the operations as they are invoked and completed, e.g. to record a history. */
    public interface Observer {
        /** Called just before an operation; {@code process} 0 = writer, 1 = reader A, 2 = reader B. */
        void invoke(int process, String f, String value);

        /** Called when the operation returned ({@code error == null}) or threw. */
        void complete(int process, String f, String value, Throwable error);

        /** An observer that does nothing. */
        Observer NONE = new Observer() {
            @Override
            public void invoke(int process, String f, String value) {
            }

            @Override
            public void complete(int process, String f, String value, Throwable error) {
            }
        };
    }

    /**
     * What the readers saw.
     *
     * @param readerA value returned to reader A ({@code null} = absent)
     * @param readerB value returned to reader B, which started after A returned
     */
    public record Outcome(String readerA, String readerB) {
        /** Whether B saw an older value than A, although B started after A returned. */
        public boolean inverted() {
            return "new".equals(readerA) && "old".equals(readerB);
        }
    }

    private final Backend backend;
    private final Duration delay;
    private final Duration bound;

    /**
     * @param backend the backend whose key-value namespaces serve as replicas
     * @param delay   how long the delayed links hold writes (e.g. 1.5 s); B must finish reading well within it
     * @param bound   upper bound for waits (e.g. the kit's operation bound)
     */
    public StaleReadScenario(Backend backend, Duration delay, Duration bound) {
        this.backend = Checks.requireNonNull("backend", backend);
        this.delay = Checks.requirePositive("delay", delay);
        this.bound = Checks.requirePositive("bound", bound);
    }

    /** Runs the schedule once with {@code consistency} STRONG or LINEARIZABLE. */
    public Outcome run(QuorumConfig.Consistency consistency, Observer observer) throws Exception {
        Checks.requireNonNull("observer", observer);
        QuorumConfig config = new QuorumConfig(3, 2, 2, consistency);
        String base = "stale-read-" + UUID.randomUUID().toString().substring(0, 12);
        List<KeyValueStore> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(backend.keyValue(base + "-r" + i));
        }
        List<FaultyKeyValueStore> writerLinks = links("writer", replicas);
        List<FaultyKeyValueStore> aLinks = links("reader-a", replicas);
        List<FaultyKeyValueStore> bLinks = links("reader-b", replicas);
        QuorumReplicatedStore writer = store(config, writerLinks, 0);
        QuorumReplicatedStore a = store(config, aLinks, 1);
        QuorumReplicatedStore b = store(config, bLinks, 2);

        write(observer, writer, "old");
        writerLinks.get(1).slowWrites(delay);
        writerLinks.get(2).slowWrites(delay);
        aLinks.get(1).slowWrites(delay);
        aLinks.get(2).down();
        bLinks.get(0).down();

        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> write(observer, writer, "new"));
        if (!await(() -> "new".equals(held(replicas.get(0))))) {
            throw new AssertionError("replica-0 did not receive the write within " + bound);
        }
        String seenA = read(observer, 1, a);
        String seenB = read(observer, 2, b);
        inFlight.get(bound.plus(delay).toMillis() * 2, TimeUnit.MILLISECONDS);
        return new Outcome(seenA, seenB);
    }

    private static List<FaultyKeyValueStore> links(String client, List<KeyValueStore> replicas) {
        List<FaultyKeyValueStore> out = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            out.add(new FaultyKeyValueStore(client + "->replica-" + i, replicas.get(i)));
        }
        return out;
    }

    private QuorumReplicatedStore store(QuorumConfig config, List<FaultyKeyValueStore> links, int id) {
        return QuorumReplicatedStore.builder(config, List.copyOf(links)).writerId(id).deadline(bound)
                .policy(ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(bound.plus(delay)).build()).build();
    }

    private static void write(Observer o, QuorumReplicatedStore s, String value) {
        o.invoke(0, "write", value);
        try {
            s.put("k", value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            o.complete(0, "write", value, e);
            throw e;
        }
        o.complete(0, "write", value, null);
    }

    private static String read(Observer o, int process, QuorumReplicatedStore s) {
        o.invoke(process, "read", null);
        String v;
        try {
            v = s.get("k").map(x -> new String(x.value(), StandardCharsets.UTF_8)).orElse(null);
        } catch (RuntimeException e) {
            o.complete(process, "read", null, e);
            throw e;
        }
        o.complete(process, "read", v, null);
        return v;
    }

    private static String held(KeyValueStore replica) {
        return replica.get("k").flatMap(v -> QuorumEnvelope.decode(v.value()))
                .map(e -> new String(e.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    private boolean await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
