package io.dsbench.patterns.quorum;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A leaderless (Dynamo-style) replicated {@link KeyValueStore} over N replica stores of any backend, with quorum
 * reads and writes, hybrid-logical-clock versions, read repair and an ABD mode for linearizable reads.
 *
 * <h2>Storage</h2>
 * Each replica holds, under the user's key, a {@link QuorumEnvelope}: the value (or a tombstone for a delete)
 * tagged with an {@link HlcTimestamp} from this store's {@link HybridLogicalClock} and the writer's id. Envelopes
 * are ordered by (timestamp, writer id). A replica is written as a <em>max register</em>: read the replica's
 * envelope, and compare-and-set ours only if it is newer (a replica holding an equal or newer envelope counts as an
 * acknowledgement). So a replica never goes back in time, retries are idempotent, and replicas converge to the
 * largest envelope written to them.
 *
 * <h2>Operations</h2>
 * All requests go to all N replicas in parallel, each through the {@link ResiliencePolicy} (per-replica timeout,
 * retries with exponential backoff and jitter); an operation returns as soon as enough replicas answered, and the
 * remaining requests finish in the background. When enough answers can no longer come, it fails once every replica
 * has answered or failed (or the {@linkplain Builder#deadline(Duration) deadline} passed), so that the
 * {@link QuorumException} reports exactly how many replicas acknowledged.
 * <ul>
 *   <li><b>put</b>: (except in EVENTUAL mode) a version query reads N - W + 1 replicas (enough to intersect every
 *       write quorum, so it sees the latest acknowledged write) and merges the newest timestamp into the clock; then
 *       the envelope, stamped {@code clock.update(newest)}, is written until W replicas acknowledge. Fewer than W
 *       acknowledgements is a {@link QuorumException} saying how many acknowledged. A put therefore needs
 *       max(W, N - W + 1) reachable replicas: W for majority write quorums, more for W below a majority (N=3, W=1
 *       needs all three): the price of the version contract. EVENTUAL puts skip the query and need W only.</li>
 *   <li><b>get</b>: reads R replicas and returns the newest envelope (empty for none or a tombstone). In the
 *       background, once every replica answered, stale or missing replicas are repaired with the newest envelope
 *       (<em>read repair</em>, counted by {@link #readRepairs()}). In LINEARIZABLE mode the read first writes the
 *       newest envelope back to W replicas (skipped when W of the answers already hold it) before returning: the
 *       ABD algorithm (Attiya, Bar-Noy, Dolev 1995), generalised to read quorums R and write quorums W with
 *       W + R &gt; N. The same write-back precedes every other result that reports what was read: a delete that
 *       found nothing and a failed compare-and-set.</li>
 *   <li><b>delete</b>: writes a tombstone like a put; returns false (writing nothing) when the newest of R is absent
 *       or a tombstone. Tombstones are never collected.</li>
 *   <li><b>compareAndSet / compareAndDelete</b>: reads R replicas; if the newest version differs from the expected
 *       one, fails with it. Otherwise writes the new envelope with a compare-and-set on each replica's own version as
 *       read. With W &gt; N/2 at most one of several concurrent compare-and-sets on a version can collect W
 *       acknowledgements. When no replica accepts (all saw a conflicting write), the result is a failure with the
 *       current version; when some but fewer than W accept, a {@link QuorumException} with
 *       {@code mayHaveTakenEffect()} is thrown, because the partial write may surface through read repair. This is
 *       a conditional write, <b>not consensus</b>: use a linearizable backend's own compare-and-set when you need
 *       atomic read-modify-write under contention.</li>
 * </ul>
 *
 * <h2>Versions</h2>
 * A key's version is its newest envelope's packed timestamp ({@link HlcTimestamp#asLong()}): positive and ordered
 * like the envelopes. The contract "versions strictly increase per key, across delete and re-create" holds for
 * writes ordered in real time when W + R &gt; N: the later write's version query reads N - W + 1 replicas, at least
 * one of which holds the earlier acknowledged write (or its tombstone), and the clock update makes the new timestamp larger.
 * In EVENTUAL mode puts skip the query phase and versions increase only per writer (and across writers as far as
 * their physical clocks agree). Two concurrent writers may, rarely, produce equal timestamps; the writer id decides
 * which wins, and both report that version.
 *
 * <h2>Consistency scope</h2>
 * STRONG: a read that starts after a write was acknowledged returns it or a newer value; not linearizable. With W +
 * R &gt; N alone a read concurrent with a write can see the new value and a later read the old one.
 * LINEARIZABLE: single-key get/put/delete are linearizable (ABD); compare-and-set is not consensus (see above).
 * EVENTUAL: reads may miss acknowledged writes; replicas converge through read repair and {@link #repair(String)}.
 *
 * <p>Thread-safe. Several stores (writers) may share the same replicas; give each a distinct writer id (the default
 * is random).
 */
public final class QuorumReplicatedStore implements KeyValueStore {
    private static final int MAX_CAS_ROUNDS = 32;
    private static final AttributeKey<Long> ACKS = AttributeKey.longKey("dsbench.quorum.acks");
    private static final AttributeKey<String> CONFIG = AttributeKey.stringKey("dsbench.quorum.config");

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService REPLICA_CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dsbench-quorum-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final String namespace;
    private final QuorumConfig config;
    private final List<KeyValueStore> replicas;
    private final String writerId;
    private final HybridLogicalClock clock;
    private final ResiliencePolicy policy;
    private final Tracing tracing;
    private final Duration deadline;
    private final AtomicLong readRepairs = new AtomicLong();

    private QuorumReplicatedStore(Builder b) {
        this.config = b.config;
        this.replicas = List.copyOf(b.replicas);
        this.namespace = b.namespace != null ? b.namespace : "quorum(" + replicas.get(0).namespace() + ",...)";
        this.writerId = b.writerId;
        this.clock = b.clock;
        this.policy = b.policy;
        this.tracing = b.tracing;
        this.deadline = b.deadline;
    }

    /** A store with the defaults (random writer id, system clock, default policy, no tracing, 10 s deadline). */
    public QuorumReplicatedStore(QuorumConfig config, List<KeyValueStore> replicas) {
        this(builder(config, replicas).validated());
    }

    /**
     * A builder over {@code replicas} (exactly {@code config.n()} of them, distinct instances).
     */
    public static Builder builder(QuorumConfig config, List<KeyValueStore> replicas) {
        return new Builder(config, replicas);
    }

    /** The configuration. */
    public QuorumConfig config() {
        return config;
    }

    /** This store's writer id (tie breaker of equal timestamps). */
    public String writerId() {
        return writerId;
    }

    /** The replicas, in order (replica-0 first). */
    public List<KeyValueStore> replicas() {
        return replicas;
    }

    /** How many replica writes read repair has made so far (all keys). */
    public long readRepairs() {
        return readRepairs.get();
    }

    @Override
    public String namespace() {
        return namespace;
    }

    // ------------------------------------------------------------------ operations

    @Override
    public Optional<Versioned> get(String key) {
        Checks.requireKey("key", key);
        return traced("quorum.get", span -> {
            Gather<ReplicaRead> reads = readPhase("get", key);
            QuorumEnvelope newest = newest(reads.snapshot);
            stabilize("get", key, reads.snapshot, newest);
            scheduleReadRepair(key, reads);
            span.setAttribute(ACKS, (long) reads.snapshot.ok);
            return newest == null || newest.tombstone() ? Optional.<Versioned>empty()
                    : Optional.of(new Versioned(newest.value(), newest.version()));
        });
    }

    @Override
    public long put(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        return traced("quorum.put", span -> {
            HlcTimestamp ts = nextTimestamp("put", key);
            QuorumEnvelope env = new QuorumEnvelope(ts, writerId, false, value);
            span.setAttribute(ACKS, (long) writePhase("put", key, env));
            return env.version();
        });
    }

    @Override
    public boolean delete(String key) {
        Checks.requireKey("key", key);
        return traced("quorum.delete", span -> {
            Gather<ReplicaRead> reads = readPhase("delete", key);
            QuorumEnvelope newest = newest(reads.snapshot);
            if (newest == null || newest.tombstone()) {
                stabilize("delete", key, reads.snapshot, newest); // "did not exist" is a read result too
                return false;
            }
            QuorumEnvelope tomb = new QuorumEnvelope(clock.update(newest.timestamp()), writerId, true, new byte[0]);
            writePhase("delete", key, tomb);
            return true;
        });
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        return traced("quorum.compareAndSet", span -> conditional("compareAndSet", key, expectedVersion, false,
                value));
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        Checks.requireKey("key", key);
        return traced("quorum.compareAndDelete", span -> conditional("compareAndDelete", key, expectedVersion, true,
                new byte[0]));
    }

    /**
     * Anti-entropy for one key: reads every replica, writes the newest envelope to every replica that answered
     * with an older one or none, and waits for those writes.
     *
     * @return how many replicas were brought up to date
     * @throws QuorumException when no replica answered
     */
    public int repair(String key) {
        Checks.requireKey("key", key);
        return traced("quorum.repair", span -> {
            Gather<ReplicaRead> reads = fanOut("repair (read)", key, i -> readReplica(i, key), config.n());
            Snapshot<ReplicaRead> s = reads.awaitAll(deadlineNanos());
            if (s.ok == 0) {
                throw failure("repair", key, "read", s, 1, "answered", false);
            }
            QuorumEnvelope newest = newest(s);
            if (newest == null) {
                return 0;
            }
            int repaired = 0;
            for (int i = 0; i < config.n(); i++) {
                ReplicaRead r = s.result(i);
                if (r != null && (r.envelope == null || r.envelope.compareTo(newest) < 0)) {
                    int idx = i;
                    policy.call("quorum.repair " + replicaName(idx), () -> writeMax(idx, key, newest));
                    repaired++;
                }
            }
            return repaired;
        });
    }

    /**
     * Each replica's envelope for {@code key}, read directly (no quorum, no policy): for inspection by tests and
     * reports.
     *
     * @throws BackendException when a replica cannot be read
     */
    public List<Optional<QuorumEnvelope>> inspect(String key) {
        Checks.requireKey("key", key);
        List<Optional<QuorumEnvelope>> out = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            ReplicaRead r = readReplica(i, key);
            out.add(Optional.ofNullable(r.envelope));
        }
        return out;
    }

    // ------------------------------------------------------------------ phases

    private HlcTimestamp nextTimestamp(String op, String key) {
        if (config.consistency() == QuorumConfig.Consistency.EVENTUAL) {
            return clock.now();
        }
        // N - W + 1 answers intersect every write quorum: they include the latest acknowledged write.
        int needed = config.n() - config.w() + 1;
        Gather<ReplicaRead> g = fanOut(op + " (version query)", key, i -> readReplica(i, key), needed);
        if (g.snapshot.ok < needed) {
            throw failure(op + " (version query)", key, "read", g.snapshot, needed, "answered", false);
        }
        QuorumEnvelope newest = newest(g.snapshot);
        return newest == null ? clock.now() : clock.update(newest.timestamp());
    }

    private Gather<ReplicaRead> readPhase(String op, String key) {
        Gather<ReplicaRead> g = fanOut(op + " (read)", key, i -> readReplica(i, key), config.r());
        if (g.snapshot.ok < config.r()) {
            throw failure(op, key, "read", g.snapshot, config.r(), "answered", false);
        }
        return g;
    }

    /** Writes {@code env} as a max register until W replicas acknowledge; returns the acknowledgements seen. */
    private int writePhase(String op, String key, QuorumEnvelope env) {
        Gather<Boolean> g = fanOut(op, key, i -> writeMax(i, key, env), config.w());
        if (g.snapshot.ok < config.w()) {
            throw failure(op, key, "write", g.snapshot, config.w(), "acknowledged", true);
        }
        return g.snapshot.ok;
    }

    private CasResult conditional(String op, String key, long expected, boolean tombstone, byte[] value) {
        for (int attempt = 1; ; attempt++) {
            Gather<ReplicaRead> reads = readPhase(op, key);
            QuorumEnvelope newest = newest(reads.snapshot);
            long current = newest == null || newest.tombstone() ? ABSENT : newest.version();
            if (current != expected || (tombstone && current == ABSENT)) {
                stabilize(op, key, reads.snapshot, newest); // the reported version is a read result too
                return CasResult.failure(current);
            }
            HlcTimestamp ts = newest == null ? clock.now() : clock.update(newest.timestamp());
            QuorumEnvelope env = new QuorumEnvelope(ts, writerId, tombstone, value);
            Snapshot<ReplicaRead> seen = reads.snapshot;
            Gather<Boolean> g = fanOut(op, key, i -> casReplica(i, key, seen.result(i), newest, env), config.w());
            Snapshot<Boolean> s = g.snapshot;
            if (s.ok >= config.w()) {
                return CasResult.success(tombstone ? 0L : env.version());
            }
            boolean allConflicts = s.ok == 0 && s.failed == config.n();
            for (int i = 0; i < config.n() && allConflicts; i++) {
                allConflicts = s.errors[i] instanceof Conflict;
            }
            if (!allConflicts) {
                throw failure(op, key, "conditional write", s, config.w(), "accepted", true);
            }
            // Nothing was written. Report the version that beat us, unless the conflicts were only replicas
            // changing underneath (read repair) without a newer value: then try again, a bounded number of times.
            QuorumEnvelope now = newest(readPhase(op + " (re-read)", key).snapshot);
            long nowVersion = now == null || now.tombstone() ? ABSENT : now.version();
            if (nowVersion != expected || attempt >= 4) {
                return CasResult.failure(nowVersion);
            }
        }
    }

    /**
     * ABD's second phase for anything that returns what it read: in LINEARIZABLE mode, writes the newest envelope
     * back until W replicas hold it (skipped when W of the answers already do), so no later read can return an
     * older state.
     */
    private void stabilize(String op, String key, Snapshot<ReplicaRead> answers, QuorumEnvelope newest) {
        if (newest != null && config.consistency() == QuorumConfig.Consistency.LINEARIZABLE
                && holding(answers, newest) < config.w()) {
            writePhase(op + " (write-back)", key, newest);
        }
    }

    private void scheduleReadRepair(String key, Gather<ReplicaRead> reads) {
        reads.all.thenRunAsync(() -> {
            Snapshot<ReplicaRead> all = reads.snapshotNow();
            QuorumEnvelope newest = newest(all);
            if (newest == null) {
                return;
            }
            for (int i = 0; i < config.n(); i++) {
                ReplicaRead r = all.result(i);
                if (r != null && (r.envelope == null || r.envelope.compareTo(newest) < 0)) {
                    try {
                        writeMax(i, key, newest);
                        readRepairs.incrementAndGet();
                    } catch (RuntimeException e) {
                        // best effort: the replica is still stale; the next read or repair() tries again
                    }
                }
            }
        }, REPLICA_CALLS);
    }

    // ------------------------------------------------------------------ replica calls

    private record ReplicaRead(long localVersion, QuorumEnvelope envelope) {
    }

    /** A replica saw a conflicting write during a conditional write. */
    private static final class Conflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(message, null, false, false);
        }
    }

    private ReplicaRead readReplica(int i, String key) {
        Optional<Versioned> v = replicas.get(i).get(key);
        if (v.isEmpty()) {
            return new ReplicaRead(ABSENT, null);
        }
        return new ReplicaRead(v.get().version(), decode(i, key, v.get()));
    }

    private QuorumEnvelope decode(int i, String key, Versioned v) {
        return QuorumEnvelope.decode(v.value()).orElseThrow(() -> new BackendException(BackendException.Kind.ERROR,
                false, replicaName(i) + " holds key '" + key + "' in a format not written by a QuorumReplicatedStore"));
    }

    private boolean writeMax(int i, String key, QuorumEnvelope env) {
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

    /**
     * One replica's part of a conditional write. {@code seen} is what the replica answered in the read phase (null
     * when it did not answer in time), {@code basis} the newest envelope the comparison was made against.
     */
    private boolean casReplica(int i, String key, ReplicaRead seen, QuorumEnvelope basis, QuorumEnvelope env) {
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
            if (seen.localVersion != localVersion) {
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

    // ------------------------------------------------------------------ fan-out machinery

    private static String replicaName(int i) {
        return "replica-" + i;
    }

    private long deadlineNanos() {
        return System.nanoTime() + deadline.toNanos();
    }

    private <T> Gather<T> fanOut(String op, String key, IntFunction<T> call, int needed) {
        Gather<T> g = new Gather<>(config.n());
        Context ctx = Context.current();
        for (int i = 0; i < config.n(); i++) {
            int idx = i;
            CompletableFuture.supplyAsync(() -> {
                try (Scope ignored = ctx.makeCurrent()) {
                    return policy.call("quorum." + op + " " + replicaName(idx), () -> call.apply(idx));
                }
            }, REPLICA_CALLS).whenComplete((r, e) -> g.complete(idx, r, e));
        }
        g.snapshot = g.await(needed, deadlineNanos());
        return g;
    }

    private static QuorumEnvelope newest(Snapshot<ReplicaRead> s) {
        QuorumEnvelope best = null;
        for (int i = 0; i < s.results.length; i++) {
            ReplicaRead r = s.result(i);
            if (r != null && r.envelope != null && (best == null || r.envelope.compareTo(best) > 0)) {
                best = r.envelope;
            }
        }
        return best;
    }

    private static int holding(Snapshot<ReplicaRead> s, QuorumEnvelope env) {
        int n = 0;
        for (int i = 0; i < s.results.length; i++) {
            ReplicaRead r = s.result(i);
            if (r != null && env.equals(r.envelope)) {
                n++;
            }
        }
        return n;
    }

    private QuorumException failure(String op, String key, String phase, Snapshot<?> s, int required, String verb,
                                    boolean write) {
        StringBuilder why = new StringBuilder();
        boolean timeouts = false;
        boolean allUnavailable = true;
        boolean mayHaveTakenEffect = write && s.ok > 0;
        for (int i = 0; i < s.errors.length; i++) {
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
                mayHaveTakenEffect |= write;
            } else {
                if (e instanceof BackendException b) {
                    why.append(b.kind()).append(' ');
                    timeouts |= b.kind() == BackendException.Kind.TIMEOUT;
                    allUnavailable &= b.kind() == BackendException.Kind.UNAVAILABLE;
                    mayHaveTakenEffect |= write && b.mayHaveTakenEffect();
                } else {
                    allUnavailable = false;
                }
                why.append(e.getMessage());
            }
        }
        BackendException.Kind kind = allUnavailable ? BackendException.Kind.UNAVAILABLE
                : timeouts ? BackendException.Kind.TIMEOUT : BackendException.Kind.ERROR;
        String quorum = write ? "W=" + config.w() : "R=" + config.r();
        return new QuorumException(kind, mayHaveTakenEffect, "quorum " + op + " of key '" + key + "' failed in the "
                + phase + " phase: " + s.ok + " of " + config.n() + " replicas " + verb + ", " + required
                + " required (" + quorum + ", " + config + ")" + why, s.ok, required, config.n(), null);
    }

    private <T> T traced(String name, Tracing.SpanBody<T, RuntimeException> body) {
        if (!tracing.enabled()) {
            return body.run(Span.getInvalid());
        }
        return tracing.inSpan(name, Attributes.of(Tracing.OPERATION, name, Tracing.NAMESPACE, namespace, CONFIG,
                config.toString()), body);
    }

    /** What a fan-out has gathered at one moment. */
    private static final class Snapshot<T> {
        final Object[] results;
        final Throwable[] errors;
        final boolean[] done;
        final int ok;
        final int failed;
        final boolean timedOut;

        Snapshot(Object[] results, Throwable[] errors, boolean[] done, int ok, int failed, boolean timedOut) {
            this.results = results;
            this.errors = errors;
            this.done = done;
            this.ok = ok;
            this.failed = failed;
            this.timedOut = timedOut;
        }

        @SuppressWarnings("unchecked")
        T result(int i) {
            return (T) results[i];
        }
    }

    /** Collects the answers of one fan-out; waits for enough of them. */
    private static final class Gather<T> {
        private final int n;
        private final Object[] results;
        private final Throwable[] errors;
        private final boolean[] done;
        private int ok;
        private int failed;
        final CompletableFuture<Void> all = new CompletableFuture<>();
        Snapshot<T> snapshot;

        Gather(int n) {
            this.n = n;
            this.results = new Object[n];
            this.errors = new Throwable[n];
            this.done = new boolean[n];
        }

        void complete(int i, Object result, Throwable error) {
            boolean last;
            synchronized (this) {
                if (error != null) {
                    errors[i] = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    failed++;
                } else {
                    results[i] = result;
                    ok++;
                }
                done[i] = true;
                last = ok + failed == n;
                notifyAll();
            }
            if (last) {
                all.complete(null);
            }
        }

        synchronized Snapshot<T> await(int needed, long deadlineNanos) {
            boolean timedOut = false;
            // Return on the needed-th success. When the quorum can no longer be reached, still wait for the calls in
            // flight (bounded by the deadline) so that the failure reports exactly how many replicas acknowledged.
            while (ok < needed && ok + failed < n) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return snapshot(timedOut);
        }

        Snapshot<T> awaitAll(long deadlineNanos) {
            return await(n, deadlineNanos);
        }

        synchronized Snapshot<T> snapshotNow() {
            return snapshot(false);
        }

        private synchronized Snapshot<T> snapshot(boolean timedOut) {
            return new Snapshot<>(results.clone(), errors.clone(), done.clone(), ok, failed, timedOut);
        }
    }

    /** Builder; validates at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final QuorumConfig config;
        private final List<KeyValueStore> replicas;
        private String namespace;
        private String writerId = "w-" + UUID.randomUUID().toString().substring(0, 8);
        private HybridLogicalClock clock = new HybridLogicalClock();
        private ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        private Tracing tracing = Tracing.off();
        private Duration deadline = Duration.ofSeconds(10);

        private Builder(QuorumConfig config, List<KeyValueStore> replicas) {
            this.config = Checks.requireNonNull("config", config);
            this.replicas = List.copyOf(Checks.requireNonNull("replicas", replicas));
        }

        /** A name for messages and reports (default {@code quorum(<first replica's namespace>,...)}). */
        public Builder namespace(String namespace) {
            this.namespace = Checks.requireKey("namespace", namespace);
            return this;
        }

        /** This writer's id; distinct per store sharing the replicas (default random). */
        public Builder writerId(String writerId) {
            this.writerId = Checks.requireKey("writerId", writerId);
            return this;
        }

        /** The clock (default on the system clock). */
        public Builder clock(HybridLogicalClock clock) {
            this.clock = Checks.requireNonNull("clock", clock);
            return this;
        }

        /** Timeout and retry policy for each replica call (default {@link ResiliencePolicy#ofDefaults()}). */
        public Builder policy(ResiliencePolicy policy) {
            this.policy = Checks.requireNonNull("policy", policy);
            return this;
        }

        /** Tracing of quorum operations (default off). */
        public Builder tracing(Tracing tracing) {
            this.tracing = Checks.requireNonNull("tracing", tracing);
            return this;
        }

        /** How long an operation waits for enough answers (default 10 s). */
        public Builder deadline(Duration deadline) {
            this.deadline = Checks.requirePositive("deadline", deadline);
            return this;
        }

        Builder validated() {
            if (replicas.size() != config.n()) {
                throw new IllegalArgumentException("replicas has " + replicas.size() + " stores but N = "
                        + config.n());
            }
            for (int i = 0; i < replicas.size(); i++) {
                Checks.requireNonNull("replicas[" + i + "]", replicas.get(i));
                for (int j = 0; j < i; j++) {
                    if (replicas.get(j) == replicas.get(i)) {
                        throw new IllegalArgumentException("replicas[" + i + "] is the same store as replicas[" + j
                                + "]");
                    }
                }
            }
            return this;
        }

        /**
         * The store.
         *
         * @throws IllegalArgumentException when the number of replicas is not N or a replica is null or repeated
         */
        public QuorumReplicatedStore build() {
            return new QuorumReplicatedStore(validated());
        }
    }
}
