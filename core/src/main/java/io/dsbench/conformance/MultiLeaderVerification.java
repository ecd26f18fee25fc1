package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.multileader.CrdtStore;
import io.dsbench.patterns.multileader.Dot;
import io.dsbench.patterns.multileader.LwwStore;
import io.dsbench.patterns.multileader.OrSet;
import io.dsbench.patterns.multileader.PNCounter;
import io.dsbench.patterns.multileader.ReplicatedStore;
import io.dsbench.patterns.multileader.ReplicationConfig;
import io.dsbench.patterns.multileader.Sibling;
import io.dsbench.patterns.multileader.Siblings;
import io.dsbench.patterns.multileader.VersionVector;
import io.dsbench.patterns.multileader.VersionVectorStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Rules MULTI-1..MULTI-8: multi-leader replication ({@link io.dsbench.patterns.multileader}) with three leaders
 * that are namespaces and logs of the backend under test, each rule on fresh ones. This class holds the rules
 * that exercise the backend (convergence, LWW's declared drops, version-vector siblings, partitions); the
 * CRDT-law rules (MULTI-5..8, core only) are inherited from {@link CrdtLawRules}. A backend extends this class
 * only.
 *
 * <p>Every rule waits for replication with a condition ({@link ReplicatedStore#drained()}, or a failing link), never
 * a sleep; a link that fails (e.g. a log read with a gap) fails the rule with the link's error.
 */
public abstract class MultiLeaderVerification extends CrdtLawRules {
    /** Leaders per cluster. */
    static final int LEADERS = 3;

    /** Three leaders on fresh namespaces of the backend under test. */
    protected ReplicationConfig leaders(String name) {
        return ReplicationConfig.overNamespaces(backend, unique(name), LEADERS);
    }

    /** The LWW store under test (the negative controls plant one that does not count its drops). */
    protected LwwStore lwwStore(ReplicationConfig config) {
        return new LwwStore(config);
    }

    /**
     * MULTI-1: with writers at all three leaders at once and a replication delay, every resolver's leaders hold
     * equal states for every key once the writes stopped and replication drained: strong eventual consistency.
     * The PN-counter also loses no increment: its value is the sum of all acknowledged adds.
     */
    @Test
    @ConformanceRule(id = "MULTI-1", title = "leaders converge after writes stop and replication drains (LWW, version vectors, CRDTs)")
    public void required_MULTI1_leadersConvergeAfterDrain(TestReporter reporter) {
        long seed = seed();
        Duration delay = Duration.ofMillis(5);
        List<String> keys = List.of("k0", "k1", "k2");
        int writes = 8;
        try (LwwStore lww = lwwStore(leaders("multi1-lww").withDelay(delay))) {
            concurrentWrites(seed, keys, writes, (leader, key, i) -> lww.put(leader, key, bytes("v" + leader + "." + i)));
            assertConverged("MULTI-1 (lww)", lww, keys);
        }
        try (VersionVectorStore vv = new VersionVectorStore(leaders("multi1-vv").withDelay(delay))) {
            concurrentWrites(seed + 1, keys, writes, (leader, key, i) -> vv.put(leader, key, bytes("v" + leader + "." + i)));
            assertConverged("MULTI-1 (version vectors)", vv, keys);
        }
        AtomicLong sum = new AtomicLong();
        try (CrdtStore<PNCounter> pn = new CrdtStore<>(leaders("multi1-pn").withDelay(delay), crdtUnderTest(PNCounter.TYPE))) {
            concurrentWrites(seed + 2, keys.subList(0, 1), writes, (leader, key, i) -> {
                long n = i % 3 == 0 ? -i : i + 1;
                pn.update(leader, key, c -> c.add(leader, n));
                sum.addAndGet(n);
            });
            assertConverged("MULTI-1 (pn-counter)", pn, keys.subList(0, 1));
            assertThat(pn.get(0, "k0").value()).as("MULTI-1: the pn-counter counts every acknowledged add once")
                    .isEqualTo(sum.get());
        }
        try (CrdtStore<OrSet> set = new CrdtStore<>(leaders("multi1-orset").withDelay(delay), crdtUnderTest(OrSet.TYPE))) {
            concurrentWrites(seed + 3, keys.subList(0, 1), writes, (leader, key, i) -> set.update(leader, key,
                    s -> i % 3 == 2 ? s.remove("e" + (i - 1) % 4) : s.add(leader, "e" + i % 4)));
            assertConverged("MULTI-1 (or-set)", set, keys.subList(0, 1));
        }
        Measurements.publish(reporter, "writes per leader and store", Integer.toString(writes));
    }

    /**
     * MULTI-2: last-writer-wins loses no acknowledged write except the concurrent ones it declares. A key written
     * at one leader after another (replication drained in between) keeps the last write with nothing dropped; keys
     * written at isolated leaders keep, after healing, the largest of each leader's last write in the (stamp,
     * leader) order, everywhere; {@link LwwStore#droppedWrites()} lists exactly the other leaders' last writes
     * (earlier writes of the same leader were overwritten causally, not dropped), and every acknowledged write is
     * the winner, causally overwritten, or declared dropped.
     */
    @Test
    @ConformanceRule(id = "MULTI-2", title = "LWW loses no acknowledged write except the concurrent ones it counts; the count matches")
    public void required_MULTI2_lwwDeclaresExactlyTheWritesItDrops(TestReporter reporter) {
        SplittableRandom rnd = new SplittableRandom(seed());
        try (LwwStore lww = lwwStore(leaders("multi2"))) {
            for (int leader = 0; leader < LEADERS; leader++) { // causal chain: each write saw the one before
                lww.put(leader, "chain", bytes("c" + leader));
                awaitDrained("MULTI-2", lww);
            }
            lww.links().isolateAll();
            Map<String, List<Sibling>> acked = new TreeMap<>();
            Map<String, Map<Integer, Sibling>> lastPerLeader = new TreeMap<>();
            for (int k = 0; k < 4; k++) {
                String key = "k" + k;
                for (int leader = 0; leader < LEADERS; leader++) {
                    if (k > 0 && rnd.nextInt(3) == 0) {
                        continue; // k0 is written by every leader; the others by a random subset
                    }
                    int n = 1 + rnd.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        Sibling w = lww.put(leader, key, bytes(key + "@" + leader + "#" + i));
                        acked.computeIfAbsent(key, x -> new ArrayList<>()).add(w);
                        lastPerLeader.computeIfAbsent(key, x -> new TreeMap<>()).put(leader, w);
                    }
                }
            }
            lww.links().heal();
            awaitDrained("MULTI-2", lww);
            Set<String> expectedDrops = new TreeSet<>();
            for (int leader = 0; leader < LEADERS; leader++) {
                assertThat(lww.get(leader, "chain").map(MultiLeaderVerification::text)).as("MULTI-2: causal chain at leader %d", leader)
                        .contains("c" + (LEADERS - 1));
            }
            for (Map.Entry<String, Map<Integer, Sibling>> e : lastPerLeader.entrySet()) {
                String key = e.getKey();
                Sibling winner = e.getValue().values().stream().max(Sibling::lwwOrder).orElseThrow();
                e.getValue().values().stream().filter(w -> w != winner).forEach(w -> expectedDrops.add(id(key, w.dot())));
                for (int leader = 0; leader < LEADERS; leader++) {
                    assertThat(lww.read(leader, key).map(Sibling::dot)).as("MULTI-2: %s at leader %d: the largest of the"
                            + " leaders' last writes %s", key, leader, e.getValue().values()).contains(winner.dot());
                    assertThat(lww.get(leader, key).map(MultiLeaderVerification::text)).as("MULTI-2: %s at leader %d", key, leader)
                            .contains(text(winner.value()));
                }
            }
            Set<String> declared = new TreeSet<>();
            lww.droppedWrites().forEach(d -> declared.add(id(d.key(), d.write().dot())));
            assertThat(declared).as("MULTI-2: the drops LWW declares (key/dot) vs the concurrent writes that lost").isEqualTo(expectedDrops);
            for (Map.Entry<String, List<Sibling>> e : acked.entrySet()) {
                for (Sibling w : e.getValue()) {
                    boolean winner = lww.read(0, e.getKey()).map(Sibling::dot).orElseThrow().equals(w.dot());
                    boolean overwritten = lastPerLeader.get(e.getKey()).get(w.dot().leader()) != w;
                    assertThat(winner || overwritten || declared.contains(id(e.getKey(), w.dot())))
                            .as("MULTI-2: acknowledged write %s of %s is lost without being declared", w, e.getKey()).isTrue();
                }
            }
            Measurements.publish(reporter, "acknowledged writes", Integer.toString(acked.values().stream().mapToInt(List::size).sum() + LEADERS));
            Measurements.publish(reporter, "declared drops", Integer.toString(declared.size()));
        }
    }

    /**
     * MULTI-3: version vectors keep every concurrent write: three isolated leaders each write a key; after healing
     * every leader holds the three values as siblings with pairwise concurrent vectors. A write whose context is
     * the siblings' joint vector replaces all three everywhere, and a write at a leader that had received the
     * previous one supersedes it (no false sibling).
     */
    @Test
    @ConformanceRule(id = "MULTI-3", title = "version vectors keep every concurrent write as a sibling; a merge write resolves them")
    public void required_MULTI3_versionVectorsKeepEverySibling() {
        try (VersionVectorStore vv = new VersionVectorStore(leaders("multi3"))) {
            vv.put(0, "causal", bytes("first"));
            awaitDrained("MULTI-3", vv);
            vv.put(2, "causal", bytes("second")); // leader 2 had received "first"
            vv.links().isolateAll();
            for (int leader = 0; leader < LEADERS; leader++) {
                vv.put(leader, "k", bytes("v" + leader));
            }
            vv.links().heal();
            awaitDrained("MULTI-3", vv);
            for (int leader = 0; leader < LEADERS; leader++) {
                Siblings s = vv.get(leader, "k");
                assertThat(s.writes().stream().map(w -> text(w.value())).toList()).as("MULTI-3: siblings of k at leader %d", leader)
                        .containsExactlyInAnyOrder("v0", "v1", "v2");
                for (Sibling a : s.writes()) {
                    for (Sibling b : s.writes()) {
                        if (a != b) {
                            assertThat(a.vector().compare(b.vector())).as("MULTI-3: %s vs %s", a, b)
                                    .isEqualTo(VersionVector.Order.CONCURRENT);
                        }
                    }
                }
                assertThat(vv.values(leader, "causal").stream().map(MultiLeaderVerification::text).toList())
                        .as("MULTI-3: a write made after receiving another supersedes it (leader %d)", leader).containsExactly("second");
            }
            VersionVector seen = vv.get(1, "k").vector();
            vv.put(1, "k", bytes("merged"), seen);
            awaitDrained("MULTI-3", vv);
            for (int leader = 0; leader < LEADERS; leader++) {
                assertThat(vv.values(leader, "k").stream().map(MultiLeaderVerification::text).toList())
                        .as("MULTI-3: after the merge write at leader 1, leader %d", leader).containsExactly("merged");
            }
        }
    }

    /**
     * MULTI-4: during a partition {0, 1} | {2} every leader accepts writes, the writes cross the open links only
     * (leader 2 sees none of the other side's, the others none of leader 2's), and after healing every write
     * reaches every leader. A write is not shipped before the configured delay: a read at another leader that
     * completed within the delay after the write began returns nothing.
     */
    @Test
    @ConformanceRule(id = "MULTI-4", title = "during a partition both sides accept writes that stay on their side; after healing all converge")
    public void required_MULTI4_partitionKeepsSidesApartUntilHealed(TestReporter reporter) {
        try (CrdtStore<OrSet> set = new CrdtStore<>(leaders("multi4"), OrSet.TYPE)) {
            set.links().partition(Set.of(0, 1));
            for (int leader = 0; leader < LEADERS; leader++) {
                int l = leader;
                set.update(leader, "s", s -> s.add(l, "from-" + l));
            }
            awaitDrained("MULTI-4", set);
            assertThat(set.get(0, "s").elements()).as("MULTI-4: leader 0 during the partition").containsExactly("from-0", "from-1");
            assertThat(set.get(1, "s").elements()).as("MULTI-4: leader 1 during the partition").containsExactly("from-0", "from-1");
            assertThat(set.get(2, "s").elements()).as("MULTI-4: leader 2 during the partition").containsExactly("from-2");
            set.links().heal();
            awaitDrained("MULTI-4", set);
            for (int leader = 0; leader < LEADERS; leader++) {
                assertThat(set.get(leader, "s").elements()).as("MULTI-4: leader %d after healing", leader)
                        .containsExactly("from-0", "from-1", "from-2");
            }
        }
        Duration delay = env.scaled(Duration.ofMillis(300));
        try (LwwStore lww = lwwStore(leaders("multi4-delay").withDelay(delay))) {
            long start = System.nanoTime();
            lww.put(0, "d", bytes("late"));
            boolean seen = lww.get(1, "d").isPresent();
            Duration took = since(start);
            if (took.compareTo(delay.minusMillis(5)) < 0) {
                assertThat(seen).as("MULTI-4: shipped within %s ms of the write although the delay is %s ms", took.toMillis(),
                        delay.toMillis()).isFalse();
            }
            Measurements.publish(reporter, "delay check", took.compareTo(delay.minusMillis(5)) < 0
                    ? "not visible " + took.toMillis() + " ms after the write (delay " + delay.toMillis() + " ms)"
                    : "not exercised: the write and read took " + took.toMillis() + " ms");
            awaitDrained("MULTI-4", lww);
            assertThat(lww.get(1, "d").map(MultiLeaderVerification::text)).as("MULTI-4: shipped after the delay").contains("late");
        }
    }

    /** A write of the {@link #concurrentWrites} workload. */
    @FunctionalInterface
    interface Write {
        void run(int leader, String key, int i);
    }

    /** One writer per leader, released together, each doing {@code writes} writes on random keys. */
    private void concurrentWrites(long seed, List<String> keys, int writes, Write w) {
        concurrently(LEADERS, env.operationBound(), leader -> {
            SplittableRandom rnd = new SplittableRandom(seed + leader);
            for (int i = 0; i < writes; i++) {
                w.run(leader, keys.get(rnd.nextInt(keys.size())), i);
            }
            return null;
        });
    }

    private <S> void awaitDrained(String rule, ReplicatedStore<S> store) {
        Duration bound = env.operationBound();
        boolean done = env.await(bound, () -> store.drained() || !store.errors().isEmpty());
        assertThat(store.errors()).as("%s: replication links failed", rule).isEmpty();
        assertThat(done).as("%s: replication drained within %s ms", rule, bound.toMillis()).isTrue();
    }

    private <S> void assertConverged(String rule, ReplicatedStore<S> store, List<String> keys) {
        awaitDrained(rule, store);
        for (String key : keys) {
            S first = store.state(0, key).orElse(null);
            for (int leader = 1; leader < LEADERS; leader++) {
                assertThat(store.state(leader, key).orElse(null)).as("%s: state of %s at leader %d vs leader 0", rule, key, leader)
                        .isEqualTo(first);
            }
        }
    }

    private static String id(String key, Dot dot) {
        return key + "/" + dot;
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
