package io.dsbench.conformance;

import io.dsbench.patterns.sharding.ConsistentHashRing;
import io.dsbench.patterns.sharding.Hash64;
import io.dsbench.patterns.sharding.JumpHashRouter;
import io.dsbench.patterns.sharding.MaglevRouter;
import io.dsbench.patterns.sharding.RangeRouter;
import io.dsbench.patterns.sharding.RendezvousRouter;
import io.dsbench.patterns.sharding.ShardRouter;
import io.dsbench.patterns.sharding.ShardedKeyValueStore;
import io.dsbench.patterns.sharding.ShardingReport;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules SHARD-1..SHARD-6: the routers of {@code io.dsbench.patterns.sharding} and the {@link ShardedKeyValueStore}
 * over namespaces of the backend under test.
 *
 * <p>SHARD-1..SHARD-5 check the routers themselves (they need no backend, but run with every backend so that the
 * report shows them next to it); SHARD-6 stores data through every router into the backend. The scenario of
 * SHARD-2..SHARD-4 is the one of {@link ShardingReport#addAndRemove}: {@value #NODES} nodes {@code node-0..},
 * {@value #KEYS} keys {@code key-0..}, one node added and removed again. Bounds are the routers' stated constants.
 */
public abstract class ShardingVerification extends AbstractVerification {
    /** Nodes in the SHARD-2..SHARD-4 scenario. */
    protected static final int NODES = 10;
    /** Keys in the SHARD-2..SHARD-4 scenario. */
    protected static final int KEYS = 100_000;

    private static final List<String> KEY_LIST = ShardingReport.keys(KEYS);

    /** A hash router with its stated bounds. */
    protected record Bounded(ShardRouter router, double movementSlack, double imbalanceBound, boolean minimal) {
    }

    /** The hash routers under test with the bounds their javadoc states. */
    protected static List<Bounded> hashRouters(List<String> nodes) {
        return List.of(
                new Bounded(ConsistentHashRing.of(nodes, ConsistentHashRing.DEFAULT_VNODES),
                        ConsistentHashRing.MOVEMENT_SLACK_200, ConsistentHashRing.IMBALANCE_BOUND_200, true),
                new Bounded(JumpHashRouter.of(nodes), JumpHashRouter.MOVEMENT_SLACK, JumpHashRouter.IMBALANCE_BOUND,
                        true),
                new Bounded(RendezvousRouter.of(nodes), RendezvousRouter.MOVEMENT_SLACK,
                        RendezvousRouter.IMBALANCE_BOUND, true),
                new Bounded(MaglevRouter.of(nodes), MaglevRouter.MOVEMENT_SLACK, MaglevRouter.IMBALANCE_BOUND, false));
    }

    private static Map<String, Function<List<String>, ShardRouter>> factories() {
        Map<String, Function<List<String>, ShardRouter>> f = new LinkedHashMap<>();
        f.put("ring", ConsistentHashRing::of);
        f.put("jump", JumpHashRouter::of);
        f.put("rendezvous", RendezvousRouter::of);
        f.put("maglev", MaglevRouter::of);
        f.put("range", nodes -> RangeRouter.quantiles(KEY_LIST, nodes));
        return f;
    }

    /**
     * SHARD-1: routing is a pure function of the key and the router's configuration: two routers built
     * independently agree on every key, the node order given does not matter (except for jump hash, whose buckets
     * are ordered), and fixed keys route to the same nodes in every JVM (pinned expectations computed once).
     *
     * <p>If this fails, check that the hash does not depend on {@code String.hashCode}, identity hash codes, random
     * seeds or iteration order of hash maps.
     */
    @Test
    @ConformanceRule(id = "SHARD-1", title = "routing is deterministic across instances and restarts",
            scope = ConformanceRule.Scope.CORE)
    public void required_SHARD1_routingIsDeterministic() {
        List<String> nodes = ShardingReport.nodes(NODES);
        List<String> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        for (Map.Entry<String, Function<List<String>, ShardRouter>> e : factories().entrySet()) {
            ShardRouter a = e.getValue().apply(nodes);
            ShardRouter b = e.getValue().apply(nodes);
            ShardRouter c = e.getValue().apply(reversed);
            boolean ordered = e.getKey().equals("jump") || e.getKey().equals("range");
            for (int i = 0; i < 10_000; i++) {
                String k = KEY_LIST.get(i * 7);
                assertThat(b.route(k)).as("%s: second instance, key %s", e.getKey(), k).isEqualTo(a.route(k));
                if (!ordered) {
                    assertThat(c.route(k)).as("%s: nodes given in another order, key %s", e.getKey(), k)
                            .isEqualTo(a.route(k));
                }
            }
        }
        // Pinned: the same in every JVM, on every platform, forever (a change here re-shards users' data).
        assertThat(Long.toHexString(Hash64.hash("dsbench"))).isEqualTo("8663e1812440c68d");
        List<String> five = ShardingReport.nodes(5);
        List<String> keys = List.of("alpha", "beta", "gamma", "delta", "key-42", "ünïcode/ key");
        assertThat(routes(ConsistentHashRing.of(five), keys)).isEqualTo("111034");
        assertThat(routes(JumpHashRouter.of(five), keys)).isEqualTo("033112");
        assertThat(routes(RendezvousRouter.of(five), keys)).isEqualTo("311323");
        assertThat(routes(MaglevRouter.of(five), keys)).isEqualTo("012421");
    }

    private static String routes(ShardRouter r, List<String> keys) {
        StringBuilder sb = new StringBuilder();
        for (String k : keys) {
            sb.append(r.route(k).substring("node-".length()));
        }
        return sb.toString();
    }

    /**
     * SHARD-2: adding one node to {@value #NODES} moves at most 1/(n+1) x (1 + slack) of {@value #KEYS} keys and at
     * least 1/(n+1) x (1 - slack) (the new node must take its share), with the slack each router states; for the
     * minimal-disruption routers (ring, jump, rendezvous) every moved key moves <em>to the new node</em>. Maglev
     * states that it is not minimal: a few keys move between old nodes, at most 1% of all keys.
     *
     * <p>If this fails, check the router's placement of the new node (vnode hashing, bucket order, table refill).
     */
    @Test
    @ConformanceRule(id = "SHARD-2", title = "adding a node moves about 1/(n+1) of keys, all to the new node",
            scope = ConformanceRule.Scope.CORE)
    public void required_SHARD2_addingNodeMovesOnlyItsShare() {
        double ideal = 1.0 / (NODES + 1);
        for (Bounded b : hashRouters(ShardingReport.nodes(NODES))) {
            ShardingReport.Movement m = ShardingReport.movement(b.router(), b.router().withNode("node-new"), KEY_LIST);
            assertThat(m.idealFraction()).isEqualTo(ideal, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(m.movedFraction()).as("%s moved fraction (ideal %.4f, slack %.2f)", b.router().name(), ideal,
                    b.movementSlack()).isBetween(ideal * (1 - b.movementSlack()), ideal * (1 + b.movementSlack()));
            assertThat(m.movedFromRemoved()).isZero();
            if (b.minimal()) {
                assertThat(m.movedBetweenOthers()).as("%s keys moved between old nodes", b.router().name()).isZero();
                assertThat(m.movedToAdded()).isEqualTo(m.moved());
            } else {
                assertThat(m.movedBetweenOthers()).as("%s keys moved between old nodes", b.router().name())
                        .isLessThanOrEqualTo(KEYS / 100);
            }
        }
    }

    /**
     * SHARD-3: removing the node that was just added restores the previous assignment exactly, for every router
     * (range: removing a split's node merges its range back). Rendezvous additionally moves only the removed
     * node's keys when any node leaves.
     *
     * <p>If this fails, check that the router's state is a function of its node set (not of its history).
     */
    @Test
    @ConformanceRule(id = "SHARD-3", title = "removing the added node restores the previous assignment exactly",
            scope = ConformanceRule.Scope.CORE)
    public void required_SHARD3_removingNodeRestoresAssignment() {
        List<String> nodes = ShardingReport.nodes(NODES);
        for (Bounded b : hashRouters(nodes)) {
            ShardRouter back = b.router().withNode("node-new").withoutNode("node-new");
            assertThat(ShardingReport.movement(b.router(), back, KEY_LIST).moved()).as(b.router().name()).isZero();
        }
        RangeRouter range = RangeRouter.quantiles(KEY_LIST, nodes);
        RangeRouter split = range.withSplit("key-5", "node-new");
        ShardingReport.Movement toNew = ShardingReport.movement(range, split, KEY_LIST);
        assertThat(toNew.moved()).isEqualTo(toNew.movedToAdded()).isPositive();
        assertThat(ShardingReport.movement(range, split.withoutNode("node-new"), KEY_LIST).moved()).isZero();
        RendezvousRouter hrw = RendezvousRouter.of(nodes);
        ShardingReport.Movement leave = ShardingReport.movement(hrw, hrw.withoutNode("node-3"), KEY_LIST);
        assertThat(leave.moved()).isEqualTo(leave.movedFromRemoved());
    }

    /**
     * SHARD-4: with {@value #NODES} nodes and {@value #KEYS} keys, max/mean keys per node stays under each router's
     * stated bound (ring: {@value ConsistentHashRing#DEFAULT_VNODES} vnodes; range: quantile splits of the keys),
     * before and after adding a node.
     *
     * <p>If this fails, check the hash's mixing (a weak hash clusters keys) and the vnode count.
     */
    @Test
    @ConformanceRule(id = "SHARD-4", title = "load imbalance (max/mean) is under the stated bound",
            scope = ConformanceRule.Scope.CORE)
    public void required_SHARD4_imbalanceUnderStatedBound() {
        List<String> nodes = ShardingReport.nodes(NODES);
        for (Bounded b : hashRouters(nodes)) {
            ShardingReport.Load before = ShardingReport.load(b.router(), KEY_LIST);
            ShardingReport.Load after = ShardingReport.load(b.router().withNode("node-new"), KEY_LIST);
            assertThat(before.imbalance()).as("%s imbalance", b.router().name()).isLessThanOrEqualTo(b.imbalanceBound());
            assertThat(after.imbalance()).as("%s imbalance with 11 nodes", b.router().name())
                    .isLessThanOrEqualTo(b.imbalanceBound());
            assertThat(before.min()).isPositive();
        }
        ShardingReport.Load range = ShardingReport.load(RangeRouter.quantiles(KEY_LIST, nodes), KEY_LIST);
        assertThat(range.imbalance()).isLessThanOrEqualTo(RangeRouter.IMBALANCE_BOUND);
    }

    /**
     * SHARD-5: a router without nodes fails with a clear error ("... has no nodes ...") rather than routing
     * somewhere or dividing by zero; bad membership changes name the node; range routing keeps every node's keys
     * contiguous (in key order the owners form one run per node) and its ranges tile the key space.
     *
     * <p>If this fails, check the empty-router guard and the floor lookup of range routing.
     */
    @Test
    @ConformanceRule(id = "SHARD-5", title = "an empty router is a clear error; range routing keeps ranges contiguous",
            scope = ConformanceRule.Scope.CORE)
    public void required_SHARD5_emptyRouterErrorsAndRangesContiguous() {
        for (Function<List<String>, ShardRouter> f : factories().values()) {
            ShardRouter empty = f.apply(List.of());
            assertThatThrownBy(() -> empty.route("k")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no nodes").hasMessageContaining("'k'");
        }
        assertThatThrownBy(() -> JumpHashRouter.of(List.of("a", "a"))).hasMessageContaining("'a' is a duplicate");
        assertThatThrownBy(() -> RendezvousRouter.of(List.of("a")).withoutNode("b"))
                .hasMessageContaining("'b' is not in the router");
        assertThatThrownBy(() -> new ShardedKeyValueStore("s", ConsistentHashRing.of(List.of()), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no nodes");
        RangeRouter range = RangeRouter.quantiles(KEY_LIST, ShardingReport.nodes(NODES));
        List<String> sorted = new ArrayList<>(KEY_LIST);
        Collections.sort(sorted);
        List<String> runs = new ArrayList<>();
        for (String k : sorted) {
            String n = range.route(k);
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(n)) {
                runs.add(n);
            }
        }
        assertThat(runs).as("owners in key order").doesNotHaveDuplicates().hasSize(NODES);
        List<RangeRouter.Range> ranges = range.ranges();
        assertThat(ranges.get(0).from()).isEmpty();
        assertThat(ranges.get(ranges.size() - 1).to()).isEmpty();
        for (int i = 0; i + 1 < ranges.size(); i++) {
            assertThat(ranges.get(i).to()).contains(ranges.get(i + 1).from());
        }
        for (String k : KEY_LIST.subList(0, 1000)) {
            String owner = range.route(k);
            assertThat(ranges.stream().filter(r -> r.contains(k)).map(RangeRouter.Range::node)).containsExactly(owner);
        }
    }

    /**
     * SHARD-6: a {@link ShardedKeyValueStore} over 5 namespaces of the backend returns what was written, whatever
     * the router; each key lives in exactly the namespace its router names; delete and compare-and-set go to the
     * same shard.
     *
     * <p>If this fails with one router only, check that router; with all, check the backend's namespaces.
     */
    @Test
    @ConformanceRule(id = "SHARD-6", title = "the sharded store returns what was written, whatever the router")
    public void required_SHARD6_shardedStoreReturnsWhatWasWritten() {
        List<String> nodes = ShardingReport.nodes(5);
        for (Map.Entry<String, Function<List<String>, ShardRouter>> e : factories().entrySet()) {
            Map<String, KeyValueStore> shards = new LinkedHashMap<>();
            for (String n : nodes) {
                shards.put(n, backend.keyValue(unique("shard-" + e.getKey() + "-" + n)));
            }
            ShardRouter router = e.getValue().apply(nodes);
            ShardedKeyValueStore store = new ShardedKeyValueStore(unique("sharded"), router, shards);
            Map<String, Long> versions = new LinkedHashMap<>();
            for (int i = 0; i < 100; i++) {
                String k = "key-" + (i * 997);
                versions.put(k, store.put(k, bytes(e.getKey() + i)));
            }
            int i = 0;
            for (Map.Entry<String, Long> kv : versions.entrySet()) {
                String k = kv.getKey();
                Optional<Versioned> got = store.get(k);
                assertThat(got).as("%s: key %s", e.getKey(), k).isPresent();
                assertThat(got.get().value()).isEqualTo(bytes(e.getKey() + i));
                assertThat(got.get().version()).isEqualTo(kv.getValue());
                String owner = router.route(k);
                for (Map.Entry<String, KeyValueStore> s : shards.entrySet()) {
                    assertThat(s.getValue().get(k).isPresent()).as("%s: key %s in shard %s (owner %s)", e.getKey(),
                            k, s.getKey(), owner).isEqualTo(s.getKey().equals(owner));
                }
                i++;
            }
            String first = versions.keySet().iterator().next();
            assertThat(store.compareAndSet(first, versions.get(first), bytes("cas")).succeeded()).isTrue();
            assertThat(store.get(first).orElseThrow().value()).isEqualTo(bytes("cas"));
            assertThat(store.delete(first)).isTrue();
            assertThat(store.get(first)).isEmpty();
            assertThat(shards.get(router.route(first)).get(first)).isEmpty();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
