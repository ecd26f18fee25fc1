package io.dsbench.patterns.quorum;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.patterns.quorum.ReplicaSet.ReplicaRead;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * has answered or failed (or the {@linkplain QuorumStoreBuilder#deadline(Duration) deadline} passed), so that the
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
 * A key's version is its newest envelope's {@link QuorumEnvelope#version()}: the packed timestamp followed by the
 * writer id, positive and ordered like the envelopes. Distinct writes never share a version, also when two writers'
 * clocks read the same millisecond and counter (rule QUORUM-10), as long as the stores sharing the replicas have
 * distinct {@linkplain QuorumStoreBuilder#writerId(int) writer ids}; so a compare-and-set against one write's version cannot
 * overwrite another write. The contract "versions strictly increase per key, across delete and re-create" holds for
 * writes ordered in real time when W + R &gt; N: the later write's version query reads N - W + 1 replicas, at least
 * one of which holds the earlier acknowledged write (or its tombstone), and the clock update makes the new timestamp
 * larger. In EVENTUAL mode puts skip the query phase and versions increase only per writer (and across writers as
 * far as their physical clocks agree).
 *
 * <h2>Consistency scope</h2>
 * STRONG: a read that starts after a write was acknowledged returns it or a newer value; not linearizable. With W +
 * R &gt; N alone a read concurrent with a write can see the new value and a later read the old one.
 * LINEARIZABLE: single-key get/put/delete are linearizable (ABD); compare-and-set is not consensus (see above).
 * EVENTUAL: reads may miss acknowledged writes; replicas converge through read repair and {@link #repair(String)}.
 *
 * <h2>Failures</h2>
 * A {@link QuorumException} counts every replica once: acknowledged, refused (certainly not applied) or unknown (no
 * answer, a timeout, or a failure after which the write may have landed, in any retry attempt). A write with any
 * acknowledged or unknown replica reports {@code mayHaveTakenEffect()}.
 *
 * <p>Thread-safe. Several stores (writers) may share the same replicas; give each a distinct writer id (the default
 * is distinct within one JVM). The replica calls, their fan-out and the failure accounting are in
 * {@code ReplicaSet}; this class holds the quorum algorithms.
 */
public final class QuorumReplicatedStore implements KeyValueStore {
    private static final AttributeKey<Long> ACKS = AttributeKey.longKey("dsbench.quorum.acks");
    private static final AttributeKey<String> CONFIG = AttributeKey.stringKey("dsbench.quorum.config");
    private static final AtomicInteger NEXT_WRITER = new AtomicInteger();

    private final String namespace;
    private final QuorumConfig config;
    private final ReplicaSet replicas;
    private final int writerId;
    private final HybridLogicalClock clock;
    private final Tracing tracing;
    private final AtomicLong readRepairs = new AtomicLong();

    QuorumReplicatedStore(QuorumStoreBuilder b) {
        this.config = b.config;
        this.replicas = new ReplicaSet(config, List.copyOf(b.replicas), b.policy, b.deadline);
        this.namespace = b.namespace != null ? b.namespace : "quorum(" + b.replicas.get(0).namespace() + ",...)";
        this.writerId = b.writerId >= 0 ? b.writerId : NEXT_WRITER.getAndIncrement() & QuorumEnvelope.MAX_WRITER;
        this.clock = b.clock;
        this.tracing = b.tracing;
    }

    /** A store with the defaults (next writer id of this JVM, system clock, default policy, no tracing, 10 s deadline). */
    public QuorumReplicatedStore(QuorumConfig config, List<KeyValueStore> replicas) {
        this(builder(config, replicas).validated());
    }

    /**
     * A builder over {@code replicas} (exactly {@code config.n()} of them, distinct instances).
     */
    public static QuorumStoreBuilder builder(QuorumConfig config, List<KeyValueStore> replicas) {
        return new QuorumStoreBuilder(config, replicas);
    }

    /** The configuration. */
    public QuorumConfig config() {
        return config;
    }

    /** This store's writer id, 0..{@value QuorumEnvelope#MAX_WRITER} (part of every version it writes). */
    public int writerId() {
        return writerId;
    }

    /** The replicas, in order (replica-0 first). */
    public List<KeyValueStore> replicas() {
        return replicas.replicas();
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
            QuorumEnvelope newest = ReplicaSet.newest(reads.snapshot);
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
            QuorumEnvelope newest = ReplicaSet.newest(reads.snapshot);
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
            Gather<ReplicaRead> reads = replicas.fanOut("repair (read)", key, i -> replicas.readReplica(i, key),
                    config.n());
            Gather.Snapshot<ReplicaRead> s = reads.awaitAll(replicas.deadlineNanos());
            if (s.ok == 0) {
                throw replicas.failure("repair", key, "read", s, 1, "answered", false);
            }
            QuorumEnvelope newest = ReplicaSet.newest(s);
            if (newest == null) {
                return 0;
            }
            int repaired = 0;
            for (int i = 0; i < config.n(); i++) {
                ReplicaRead r = s.result(i);
                if (r != null && (r.envelope() == null || r.envelope().compareTo(newest) < 0)) {
                    replicas.writeMaxWithPolicy("repair", i, key, newest);
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
        for (int i = 0; i < config.n(); i++) {
            out.add(Optional.ofNullable(replicas.readReplica(i, key).envelope()));
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
        Gather<ReplicaRead> g = replicas.fanOut(op + " (version query)", key, i -> replicas.readReplica(i, key),
                needed);
        if (g.snapshot.ok < needed) {
            throw replicas.failure(op + " (version query)", key, "read", g.snapshot, needed, "answered", false);
        }
        QuorumEnvelope newest = ReplicaSet.newest(g.snapshot);
        return newest == null ? clock.now() : clock.update(newest.timestamp());
    }

    private Gather<ReplicaRead> readPhase(String op, String key) {
        Gather<ReplicaRead> g = replicas.fanOut(op + " (read)", key, i -> replicas.readReplica(i, key), config.r());
        if (g.snapshot.ok < config.r()) {
            throw replicas.failure(op, key, "read", g.snapshot, config.r(), "answered", false);
        }
        return g;
    }

    /** Writes {@code env} as a max register until W replicas acknowledge; returns the acknowledgements seen. */
    private int writePhase(String op, String key, QuorumEnvelope env) {
        Gather<Boolean> g = replicas.fanOut(op, key, i -> replicas.writeMax(i, key, env), config.w());
        if (g.snapshot.ok < config.w()) {
            throw replicas.failure(op, key, "write", g.snapshot, config.w(), "acknowledged", true);
        }
        return g.snapshot.ok;
    }

    private CasResult conditional(String op, String key, long expected, boolean tombstone, byte[] value) {
        for (int attempt = 1; ; attempt++) {
            Gather<ReplicaRead> reads = readPhase(op, key);
            QuorumEnvelope newest = ReplicaSet.newest(reads.snapshot);
            long current = newest == null || newest.tombstone() ? ABSENT : newest.version();
            if (current != expected || (tombstone && current == ABSENT)) {
                stabilize(op, key, reads.snapshot, newest); // the reported version is a read result too
                return CasResult.failure(current);
            }
            HlcTimestamp ts = newest == null ? clock.now() : clock.update(newest.timestamp());
            QuorumEnvelope env = new QuorumEnvelope(ts, writerId, tombstone, value);
            Gather.Snapshot<ReplicaRead> seen = reads.snapshot;
            Gather<Boolean> g = replicas.fanOut(op, key,
                    i -> replicas.casReplica(i, key, seen.result(i), newest, env), config.w());
            Gather.Snapshot<Boolean> s = g.snapshot;
            if (s.ok >= config.w()) {
                return CasResult.success(tombstone ? 0L : env.version());
            }
            boolean allConflicts = s.ok == 0 && s.failed == config.n();
            for (int i = 0; i < config.n() && allConflicts; i++) {
                allConflicts = s.errors[i] instanceof ReplicaSet.Conflict;
            }
            if (!allConflicts) {
                throw replicas.failure(op, key, "conditional write", s, config.w(), "accepted", true);
            }
            // Nothing was written. Report the version that beat us, unless the conflicts were only replicas
            // changing underneath (read repair) without a newer value: then try again, a bounded number of times.
            QuorumEnvelope now = ReplicaSet.newest(readPhase(op + " (re-read)", key).snapshot);
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
    private void stabilize(String op, String key, Gather.Snapshot<ReplicaRead> answers, QuorumEnvelope newest) {
        if (newest != null && config.consistency() == QuorumConfig.Consistency.LINEARIZABLE
                && ReplicaSet.holding(answers, newest) < config.w()) {
            writePhase(op + " (write-back)", key, newest);
        }
    }

    private void scheduleReadRepair(String key, Gather<ReplicaRead> reads) {
        reads.all.thenRunAsync(() -> {
            Gather.Snapshot<ReplicaRead> all = reads.snapshotNow();
            QuorumEnvelope newest = ReplicaSet.newest(all);
            if (newest == null) {
                return;
            }
            for (int i = 0; i < config.n(); i++) {
                ReplicaRead r = all.result(i);
                if (r != null && (r.envelope() == null || r.envelope().compareTo(newest) < 0)) {
                    try {
                        replicas.writeMax(i, key, newest);
                        readRepairs.incrementAndGet();
                    } catch (RuntimeException e) {
                        // best effort: the replica is still stale; the next read or repair() tries again
                    }
                }
            }
        }, ReplicaSet.REPLICA_CALLS);
    }

    private <T> T traced(String name, Tracing.SpanBody<T, RuntimeException> body) {
        if (!tracing.enabled()) {
            return body.run(Span.getInvalid());
        }
        return tracing.inSpan(name, Attributes.of(Tracing.OPERATION, name, Tracing.NAMESPACE, namespace, CONFIG,
                config.toString()), body);
    }
}
