package io.dsbench.patterns.quorum;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static io.dsbench.spec.kv.KeyValueStore.ABSENT;

/**
 * The replicas of a {@link QuorumReplicatedStore} and everything done to them one by one: the parallel fan-out
 * through the {@link ResiliencePolicy} (with per-replica outcome tracking), the single-replica reads and writes
 * (max-register write, conditional write), and the accounting of a failed phase into a {@link QuorumException}.
 */
final class ReplicaSet {
    private static final int MAX_CAS_ROUNDS = 32;
    private static final AtomicInteger THREADS = new AtomicInteger();
    static final ExecutorService REPLICA_CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dsbench-quorum-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final QuorumConfig config;
    private final List<KeyValueStore> replicas;
    private final ResiliencePolicy policy;
    private final Duration deadline;

    ReplicaSet(QuorumConfig config, List<KeyValueStore> replicas, ResiliencePolicy policy, Duration deadline) {
        this.config = config;
        this.replicas = replicas;
        this.policy = policy;
        this.deadline = deadline;
    }

    List<KeyValueStore> replicas() {
        return replicas;
    }

    static String replicaName(int i) {
        return "replica-" + i;
    }

    long deadlineNanos() {
        return System.nanoTime() + deadline.toNanos();
    }

    /** What a replica answered to a read: its own version of the key and the envelope it holds (null: none). */
    record ReplicaRead(long localVersion, QuorumEnvelope envelope) {
    }

    /** A replica saw a conflicting write during a conditional write: nothing was written to it. */
    static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Calls every replica in parallel through the policy and waits until {@code needed} succeeded (or no longer
     * can). A replica's outcome is unknown when any of its attempts did not end in a clean failure: a timed-out
     * attempt may still apply after the policy retried it.
     */
    <T> Gather<T> fanOut(String op, String key, IntFunction<T> call, int needed) {
        Gather<T> g = new Gather<>(config.n());
        Context ctx = Context.current();
        for (int i = 0; i < config.n(); i++) {
            int idx = i;
            AtomicInteger started = new AtomicInteger();
            AtomicInteger clean = new AtomicInteger();
            CompletableFuture.supplyAsync(() -> {
                try (Scope ignored = ctx.makeCurrent()) {
                    return policy.call("quorum." + op + " " + replicaName(idx), () -> {
                        started.incrementAndGet();
                        try {
                            return call.apply(idx);
                        } catch (RuntimeException e) {
                            if (isClean(e)) {
                                clean.incrementAndGet();
                            }
                            throw e;
                        }
                    });
                }
            }, REPLICA_CALLS).whenComplete((r, e) -> g.complete(idx, r, e,
                    e != null && (started.get() > clean.get() || !isClean(unwrap(e)))));
        }
        g.snapshot = g.await(needed, deadlineNanos());
        return g;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A failure after which the replica certainly did not apply the request. */
    static boolean isClean(Throwable e) {
        return e instanceof Conflict || (e instanceof BackendException b && !b.mayHaveTakenEffect());
    }

    ReplicaRead readReplica(int i, String key) {
        Optional<Versioned> v = replicas.get(i).get(key);
        if (v.isEmpty()) {
            return new ReplicaRead(ABSENT, null);
        }
        return new ReplicaRead(v.get().version(), decode(i, key, v.get()));
    }

    QuorumEnvelope decode(int i, String key, Versioned v) {
        return QuorumEnvelope.decode(v.value()).orElseThrow(() -> new BackendException(BackendException.Kind.ERROR,
                false, replicaName(i) + " holds key '" + key + "' in a format not written by a QuorumReplicatedStore"));
    }

    /**
     * Writes {@code env} to replica {@code i} as a max register: compare-and-set only if the replica holds an older
     * envelope or none (a replica holding an equal or newer one counts as an acknowledgement).
     */
    boolean writeMax(int i, String key, QuorumEnvelope env) {
        KeyValueStore rep = replicas.get(i);
        byte[] bytes = env.encode();
        for (int round = 0; round < MAX_CAS_ROUNDS; round++) {
            Optional<Versioned> cur = rep.get(key);
            long expected = ABSENT;
            if (cur.isPresent()) {
                if (decode(i, key, cur.get()).compareTo(env) >= 0) {
                    return true; // already holds this envelope or a newer one
                }
                expected = cur.get().version();
            }
            if (rep.compareAndSet(key, expected, bytes).succeeded()) {
                return true;
            }
        }
        throw new BackendException(BackendException.Kind.ERROR, true, replicaName(i) + ": key '" + key
                + "' changed " + MAX_CAS_ROUNDS + " times in a row while writing; giving up");
    }

    /** {@link #writeMax} through the policy, synchronously. */
    void writeMaxWithPolicy(String op, int i, String key, QuorumEnvelope env) {
        policy.call("quorum." + op + " " + replicaName(i), () -> writeMax(i, key, env));
    }

    /**
     * One replica's part of a conditional write. {@code seen} is what the replica answered in the read phase (null
     * when it did not answer in time), {@code basis} the newest envelope the comparison was made against.
     */
    boolean casReplica(int i, String key, ReplicaRead seen, QuorumEnvelope basis, QuorumEnvelope env) {
        KeyValueStore rep = replicas.get(i);
        // Read the replica again: it makes retries idempotent (our envelope already there = accepted) and covers
        // replicas that did not answer the read phase.
        Optional<Versioned> cur = rep.get(key);
        long localVersion = cur.map(Versioned::version).orElse(ABSENT);
        QuorumEnvelope e = cur.isPresent() ? decode(i, key, cur.get()) : null;
        if (env.equals(e)) {
            return true;
        }
        if (seen != null) {
            if (seen.localVersion() != localVersion) {
                throw new Conflict(replicaName(i) + " changed since it was read");
            }
        } else if (e != null && (basis == null ? !e.tombstone() : e.compareTo(basis) > 0)) {
            throw new Conflict(replicaName(i) + " holds " + e + ", newer than the version compared against");
        }
        if (!rep.compareAndSet(key, localVersion, env.encode()).succeeded()) {
            throw new Conflict(replicaName(i) + " changed concurrently");
        }
        return true;
    }

    /** The newest envelope among the answers (null: none). */
    static QuorumEnvelope newest(Gather.Snapshot<ReplicaRead> s) {
        QuorumEnvelope best = null;
        for (int i = 0; i < s.size(); i++) {
            ReplicaRead r = s.result(i);
            if (r != null && r.envelope() != null && (best == null || r.envelope().compareTo(best) > 0)) {
                best = r.envelope();
            }
        }
        return best;
    }

    /** How many answers hold exactly {@code env}. */
    static int holding(Gather.Snapshot<ReplicaRead> s, QuorumEnvelope env) {
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            ReplicaRead r = s.result(i);
            if (r != null && env.equals(r.envelope())) {
                n++;
            }
        }
        return n;
    }

    /**
     * The exception for a phase that did not get {@code required} answers. Each replica is counted once: answered
     * (acknowledged), refused (a clean failure) or unknown (no answer, a timeout, or a failure after which a write
     * may have landed). A write may have taken effect when any replica acknowledged or is unknown.
     */
    QuorumException failure(String op, String key, String phase, Gather.Snapshot<?> s, int required, String verb,
                            boolean write) {
        StringBuilder why = new StringBuilder();
        boolean timeouts = false;
        boolean allUnavailable = true;
        int refused = 0;
        int unknown = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.done[i] && s.errors[i] == null) {
                continue;
            }
            why.append("; ").append(replicaName(i)).append(": ");
            Throwable e = s.errors[i];
            if (e == null) {
                why.append(s.timedOut ? "no answer within " + deadline.toMillis() + " ms"
                        : "no answer (interrupted)");
                timeouts |= s.timedOut;
                allUnavailable = false;
                unknown++;
                continue;
            }
            if (s.unknown[i]) {
                unknown++;
            } else {
                refused++;
            }
            if (e instanceof BackendException b) {
                why.append(b.kind()).append(' ');
                timeouts |= b.kind() == BackendException.Kind.TIMEOUT;
                allUnavailable &= b.kind() == BackendException.Kind.UNAVAILABLE;
            } else {
                allUnavailable = false;
            }
            if (s.unknown[i] && isClean(e)) {
                why.append("(an earlier attempt's outcome is unknown) ");
            }
            why.append(e.getMessage());
        }
        boolean mayHaveTakenEffect = write && (s.ok > 0 || unknown > 0);
        BackendException.Kind kind = allUnavailable ? BackendException.Kind.UNAVAILABLE
                : timeouts ? BackendException.Kind.TIMEOUT : BackendException.Kind.ERROR;
        String quorum = write ? "W=" + config.w() : "R=" + config.r();
        return new QuorumException(kind, mayHaveTakenEffect, "quorum " + op + " of key '" + key + "' failed in the "
                + phase + " phase: " + s.ok + " of " + config.n() + " replicas " + verb + ", " + required
                + " required (" + quorum + ", " + config + "); " + refused + " refused, " + unknown + " unknown" + why,
                s.ok, refused, unknown, required, config.n(), null);
    }
}
