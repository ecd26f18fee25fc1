package io.dsbench.conformance;

import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.patterns.quorum.QuorumException;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules QUORUM-1..QUORUM-10: {@link QuorumReplicatedStore} over N replicas that are namespaces of the backend under
 * test ({@code backend.keyValue(unique(...))}), each wrapped in a {@link FaultyKeyValueStore} so that a rule can
 * make replicas unreachable ({@code down()}) or slow. The faults are injected in front of real backend stores;
 * nothing is mocked. This class holds the rules about configuration, quorums, read repair, minority failures,
 * sloppy quorums and the version contract; QUORUM-6, QUORUM-9 and QUORUM-10 (concurrent writers) are inherited
 * from {@link QuorumConcurrencyRules}, the clusters from {@link QuorumKit}. A backend extends this class only.
 *
 * <p>LIN-QUORUM (ABD mode linearizable under a concurrent workload, checked by the WGL checker) belongs to the
 * linearizability module and is not part of this class.
 */
public abstract class QuorumVerification extends QuorumConcurrencyRules {

    /**
     * QUORUM-1: {@link QuorumConfig} rejects W or R greater than N, values below 1, and W + R &lt;= N unless
     * eventual consistency is asked for explicitly; each error names the offending values. Sloppy settings are
     * accepted with {@code EVENTUAL} and are then marked as not overlapping.
     *
     * <p>If this fails, check {@code QuorumConfig}'s compact constructor.
     */
    @Test
    @ConformanceRule(id = "QUORUM-1", title = "QuorumConfig rejects bad N/W/R and W+R<=N unless eventual is explicit",
            scope = ConformanceRule.Scope.CORE)
    public void required_QUORUM1_configValidated() {
        assertThatThrownBy(() -> QuorumConfig.strong(3, 4, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("W = 4").hasMessageContaining("N=3");
        assertThatThrownBy(() -> QuorumConfig.strong(3, 2, 5)).hasMessageContaining("R = 5");
        assertThatThrownBy(() -> QuorumConfig.strong(3, 0, 3)).hasMessageContaining("W = 0");
        assertThatThrownBy(() -> QuorumConfig.strong(0, 1, 1)).hasMessageContaining("N = 0");
        assertThatThrownBy(() -> QuorumConfig.strong(3, 1, 2))
                .hasMessageContaining("W=1 + R=2 = 3 <= N=3").hasMessageContaining("EVENTUAL");
        assertThatThrownBy(() -> QuorumConfig.linearizable(5, 2, 2)).hasMessageContaining("W=2 + R=2 = 4 <= N=5");
        QuorumConfig sloppy = QuorumConfig.eventual(3, 1, 1);
        assertThat(sloppy.consistency()).isEqualTo(QuorumConfig.Consistency.EVENTUAL);
        assertThat(sloppy.overlapping()).isFalse();
        assertThat(QuorumConfig.majority(5)).isEqualTo(QuorumConfig.strong(5, 3, 3));
        QuorumCluster c = cluster(QuorumConfig.majority(3));
        assertThatThrownBy(() -> QuorumReplicatedStore.builder(QuorumConfig.majority(5), List.copyOf(c.replicas))
                .build()).hasMessageContaining("replicas has 3 stores but N = 5");
    }

    /**
     * QUORUM-2: a write returns once W replicas acknowledged, without waiting for the others (a replica slowed to
     * several seconds does not delay it, and receives the write later); with fewer reachable replicas than W it
     * fails with a {@link QuorumException} saying how many acknowledged and why the others did not.
     *
     * <p>If this fails, check that the write fans out in parallel and completes on the W-th acknowledgement.
     */
    @Test
    @ConformanceRule(id = "QUORUM-2", title = "a write returns after W acks; with fewer it fails saying how many acked")
    public void required_QUORUM2_writeNeedsWAcks() {
        QuorumCluster c = cluster(QuorumConfig.majority(3));
        QuorumReplicatedStore store = c.store();
        Duration slow = env.scaled(Duration.ofMillis(1500));
        c.replica(2).slow(slow);
        long start = System.nanoTime();
        long version = store.put("k", bytes("v1"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("put with one replica slowed by %s", slow).isLessThan(slow);
        assertThat(c.held(0, "k").map(QuorumEnvelope::version).orElse(0L)
                + c.held(1, "k").map(QuorumEnvelope::version).orElse(0L)).isEqualTo(2 * version);
        assertThat(env.await(slow.plus(env.operationBound()),
                () -> c.held(2, "k").map(QuorumEnvelope::version).orElse(0L) == version))
                .as("the slow replica eventually receives the write").isTrue();
        c.allUp();

        QuorumCluster all = cluster(QuorumConfig.strong(3, 3, 1));
        QuorumReplicatedStore strict = all.store();
        all.replica(1).down();
        assertThatThrownBy(() -> strict.put("k", bytes("v"))).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(e.acknowledged()).isEqualTo(2);
            assertThat(e.required()).isEqualTo(3);
            assertThat(e.getMessage()).contains("2 of 3 replicas acknowledged, 3 required (W=3")
                    .contains("replica-1: UNAVAILABLE");
            assertThat(e.refused()).as("replica-1 was down: certainly not written").isEqualTo(1);
            assertThat(e.unknown()).isZero();
            assertThat(e.mayHaveTakenEffect()).as("two replicas hold the write").isTrue();
        });
    }

    /**
     * QUORUM-3: with W + R &gt; N, a read that starts after a write was acknowledged returns it, whichever replicas
     * were unreachable during the write and the read (as long as the write reached max(W, N - W + 1) replicas and the
 * read R). Checked for
     * (N,W,R) = (3,2,2), (3,3,1), (3,1,3), (5,3,3) over 20 random down-patterns each.
     *
     * <p>If this fails, check that reads take the newest envelope of R answers (by timestamp, then writer).
     */
    @Test
    @ConformanceRule(id = "QUORUM-3", title = "with W+R>N a read after an acknowledged write sees it")
    public void required_QUORUM3_readSeesAcknowledgedWrite() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (QuorumConfig cfg : List.of(QuorumConfig.strong(3, 2, 2), QuorumConfig.strong(3, 3, 1),
                QuorumConfig.strong(3, 1, 3), QuorumConfig.strong(5, 3, 3), QuorumConfig.linearizable(5, 3, 3))) {
            QuorumCluster c = cluster(cfg);
            QuorumReplicatedStore store = c.store();
            for (int round = 0; round < 20; round++) {
                String value = "v" + round;
                // write with as many replicas down as a put tolerates: it needs W acknowledgements and a version
                // query of N - W + 1 answers
                downRandom(c, cfg.n() - Math.max(cfg.w(), cfg.n() - cfg.w() + 1), rnd);
                store.put("k", bytes(value));
                // read with N - R (other) replicas down
                downRandom(c, cfg.n() - cfg.r(), rnd);
                assertThat(text(store.get("k"))).as("%s round %d", cfg, round).isEqualTo(value);
            }
            c.allUp();
        }
    }

    private static void downRandom(QuorumCluster c, int count, SplittableRandom rnd) {
        c.allUp();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < c.replicas.size(); i++) {
            idx.add(i);
        }
        for (int i = 0; i < count; i++) {
            c.replica(idx.remove(rnd.nextInt(idx.size()))).down();
        }
    }

    /**
     * QUORUM-4: read repair brings a stale replica up to date: a replica that missed a write (it was down) holds the
     * newest envelope soon after a quorum read that saw it stale; {@code repair(key)} does the same synchronously.
     *
     * <p>If this fails, check that reads compare every answer with the newest and write it back to stale replicas.
     */
    @Test
    @ConformanceRule(id = "QUORUM-4", title = "read repair brings a stale replica up to date")
    public void required_QUORUM4_readRepairHealsStaleReplica() {
        QuorumCluster c = cluster(QuorumConfig.strong(3, 2, 3));
        QuorumReplicatedStore store = c.storeWithoutRetries();
        c.awaitEverywhere("k", store.put("k", bytes("old"))); // nothing in flight any more
        c.replica(2).down();
        long refused = c.refused(2);
        long v2 = store.put("k", bytes("new"));
        c.awaitRefused(2, refused + 2); // the version query's read and the write's read reached it
        c.replica(2).up();
        assertThat(c.held(2, "k").map(QuorumEnvelope::version)).as("replica-2 missed the write")
                .isNotEqualTo(Optional.of(v2));
        long repairsBefore = store.readRepairs();
        assertThat(text(store.get("k"))).isEqualTo("new");
        assertThat(env.await(env.operationBound(),
                () -> c.held(2, "k").map(QuorumEnvelope::version).equals(Optional.of(v2))
                        && store.readRepairs() > repairsBefore))
                .as("replica-2 repaired by the read (and counted)").isTrue();

        c.replica(0).down();
        long refused0 = c.refused(0);
        long v3 = store.put("k2", bytes("x"));
        c.awaitRefused(0, refused0 + 2);
        c.replica(0).up();
        assertThat(store.repair("k2")).isEqualTo(1);
        assertThat(c.held(0, "k2").map(QuorumEnvelope::version)).contains(v3);
    }

    /**
     * QUORUM-5: N=3, W=2, R=2 keeps working (put, get, delete, compare-and-set) with any one replica down (a
     * {@link QuorumException} then is a failure of this rule, not an error); with two down, reads and writes fail with a {@link QuorumException} that says how many replicas answered and how many
     * were required, and names the unreachable replicas.
     *
     * <p>If this fails, check that failures of a minority do not fail the operation, and the message format.
     */
    @Test
    @ConformanceRule(id = "QUORUM-5", title = "N=3,W=2,R=2 works with one replica down and fails clearly with two")
    public void required_QUORUM5_toleratesMinorityFailure() {
        QuorumCluster c = cluster(QuorumConfig.majority(3));
        QuorumReplicatedStore store = c.store();
        for (int down = 0; down < 3; down++) {
            c.allUp();
            c.replica(down).down();
            String k = "k" + down;
            String minority = "replica-" + down + " down";
            long v = withMinorityDown(minority, "put", () -> store.put(k, bytes("a")));
            assertThat(withMinorityDown(minority, "get", () -> store.get(k)).map(Versioned::version)).contains(v);
            CasResult cas = withMinorityDown(minority, "compareAndSet", () -> store.compareAndSet(k, v, bytes("b")));
            assertThat(cas.succeeded()).as("%s: compareAndSet against the current version %d", minority, v).isTrue();
            assertThat(text(withMinorityDown(minority, "get", () -> store.get(k)))).isEqualTo("b");
            assertThat(withMinorityDown(minority, "delete", () -> store.delete(k))).isTrue();
            assertThat(withMinorityDown(minority, "get", () -> store.get(k))).isEmpty();
        }
        c.allUp();
        store.put("two-down", bytes("x"));
        c.replica(0).down();
        c.replica(2).down();
        assertThatThrownBy(() -> store.get("two-down")).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(e.acknowledged()).isEqualTo(1);
            assertThat(e.getMessage()).contains("1 of 3 replicas answered, 2 required (R=2")
                    .contains("replica-0: UNAVAILABLE").contains("replica-2: UNAVAILABLE");
            assertThat(e.kind()).isEqualTo(BackendException.Kind.UNAVAILABLE);
        });
        assertThatThrownBy(() -> store.put("two-down", bytes("y"))).isInstanceOf(QuorumException.class)
                .hasMessageContaining("1 of 3 replicas answered, 2 required");
        c.allUp();
        assertThat(text(store.get("two-down"))).isEqualTo("x");
    }

    /**
     * A quorum operation with only a minority of replicas down: a {@link QuorumException} is this rule failing (the
     * replicas that are up did not serve it), reported as an assertion with the exception's accounting.
     */
    private static <T> T withMinorityDown(String minority, String op, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (QuorumException e) {
            throw new AssertionError("QUORUM-5: with " + minority + " (a minority), " + op + " must succeed, but: "
                    + e.getMessage(), e);
        }
    }

    /**
     * QUORUM-7: sloppy quorums (W + R &lt;= N, allowed only as EVENTUAL) are really only eventually consistent: with
     * N=3, W=1, R=1 a read served by a replica that missed the acknowledged write returns the old state; after
     * repair every replica agrees.
     *
     * <p>If this fails with the stale read not happening, check that R=1 reads one replica only; if the repair part
     * fails, check {@code repair}.
     */
    @Test
    @ConformanceRule(id = "QUORUM-7", title = "W+R<=N is eventual: a read can miss an acknowledged write until repair")
    public void required_QUORUM7_sloppyQuorumIsEventual() {
        QuorumCluster c = cluster(QuorumConfig.eventual(3, 1, 1));
        QuorumReplicatedStore store = c.storeWithoutRetries();
        c.replica(1).down();
        c.replica(2).down();
        long v = store.put("k", bytes("acked"));
        c.awaitRefused(1, 1);
        c.awaitRefused(2, 1);
        c.allUp();
        c.replica(0).down();
        assertThat(store.get("k")).as("read from a replica that missed the write").isEmpty();
        // the get returns after R=1 answer; its read of replica-0 may still be queued. Bring replica-0 back only
        // once that read was refused, or it would answer late and the get's background read repair would heal
        // replicas 1 and 2 before the explicit repair below
        c.awaitRefused(0, 1);
        c.allUp();
        assertThat(store.repair("k")).isEqualTo(2);
        for (int i = 0; i < 3; i++) {
            assertThat(c.held(i, "k").map(QuorumEnvelope::version)).contains(v);
        }
    }

    /**
     * QUORUM-8: the quorum store keeps the {@link KeyValueStore} version contract (versions are packed hybrid
     * logical clock timestamps): versions strictly increase across puts, compare-and-set and delete + re-create,
     * also across two writers; a stale compare-and-set fails and reports the current version; create-if-absent
     * works; compare-and-delete honours the version.
     *
     * <p>If this fails, check the version query before writes and the tombstones of deletes.
     */
    @Test
    @ConformanceRule(id = "QUORUM-8", title = "the quorum store keeps the KeyValueStore version contract")
    public void required_QUORUM8_versionContractHolds() {
        QuorumCluster c = cluster(QuorumConfig.linearizable(3, 2, 2));
        QuorumReplicatedStore a = c.store(1);
        QuorumReplicatedStore b = c.store(2);
        CasResult created = a.compareAndSet("k", KeyValueStore.ABSENT, bytes("1"));
        assertThat(created.succeeded()).isTrue();
        assertThat(b.compareAndSet("k", KeyValueStore.ABSENT, bytes("x")))
                .isEqualTo(CasResult.failure(created.version()));
        long v2 = b.put("k", bytes("2"));
        assertThat(v2).isGreaterThan(created.version());
        CasResult stale = a.compareAndSet("k", created.version(), bytes("3"));
        assertThat(stale).isEqualTo(CasResult.failure(v2));
        CasResult v3 = a.compareAndSet("k", v2, bytes("3"));
        assertThat(v3.succeeded()).isTrue();
        assertThat(v3.version()).isGreaterThan(v2);
        assertThat(b.compareAndDelete("k", v2).succeeded()).isFalse();
        assertThat(b.compareAndDelete("k", v3.version()).succeeded()).isTrue();
        assertThat(a.get("k")).isEmpty();
        assertThat(a.delete("k")).isFalse();
        long v4 = a.put("k", bytes("again"));
        assertThat(v4).isGreaterThan(v3.version());
        assertThat(b.get("k").map(Versioned::version)).contains(v4);
        assertThatThrownBy(() -> a.put("", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
    }
}
