package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures how a {@link ShardRouter} spreads keys and how many keys move when membership changes. Returns plain
 * data (records of numbers, strings, lists and maps) that reports can serialise as they are.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li><b>imbalance</b> = max keys on one node / mean keys per node (1.0 is perfect; nodes with no key count).</li>
 *   <li><b>moved fraction</b> = keys whose node differs between two routers / keys.</li>
 *   <li><b>ideal fraction</b> when going from n to n+1 nodes (or back) = 1/(n+1): what a minimal-disruption
 *       router must move to stay balanced.</li>
 * </ul>
 * Keys are generated as {@code "key-" + i} unless given. Stateless; thread-safe.
 */
public final class ShardingReport {
    private ShardingReport() {
    }

    /**
     * How keys spread over the nodes.
     *
     * @param router      the router's {@link ShardRouter#name()}
     * @param nodes       number of nodes
     * @param keys        number of keys routed
     * @param keysPerNode keys per node, by node name (every node listed, zero included)
     * @param mean        keys / nodes
     * @param max         most keys on one node
     * @param min         fewest keys on one node
     * @param imbalance   max / mean
     */
    public record Load(String router, int nodes, int keys, Map<String, Integer> keysPerNode, double mean, int max,
                       int min, double imbalance) {
    }

    /**
     * How keys moved between two routers.
     *
     * @param before             the first router's name and nodes
     * @param after              the second router's name and nodes
     * @param keys               number of keys compared
     * @param moved              keys whose node changed
     * @param movedFraction      moved / keys
     * @param idealFraction      the minimal fraction for this change: |added + removed| / max(nodes before, after)
     * @param movedToAdded       keys that moved to a node only in {@code after}
     * @param movedFromRemoved   keys that moved away from a node only in {@code before}
     * @param movedBetweenOthers keys that moved between nodes present in both (0 for a minimal router)
     */
    public record Movement(String before, String after, int keys, int moved, double movedFraction,
                           double idealFraction, int movedToAdded, int movedFromRemoved, int movedBetweenOthers) {
        /** movedFraction / idealFraction (1.0 = minimal; NaN when nothing should move). */
        public double ratioToIdeal() {
            return idealFraction == 0 ? Double.NaN : movedFraction / idealFraction;
        }
    }

    /**
     * The standard scenario for one router family: n nodes, one node added, then removed again.
     *
     * @param load        spread over the n nodes
     * @param loadAfter   spread over n+1 nodes
     * @param added       movement from n to n+1 nodes
     * @param restored    movement from n nodes to (n+1 minus the added node): 0 for every router here
     */
    public record Scenario(Load load, Load loadAfter, Movement added, Movement restored) {
    }

    /** {@code count} keys {@code "key-0" .. "key-(count-1)"}. */
    public static List<String> keys(int count) {
        Checks.requireRange("count", count, 1, 100_000_000);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add("key-" + i);
        }
        return keys;
    }

    /** {@code count} node names {@code "node-0" ..}. */
    public static List<String> nodes(int count) {
        Checks.requireRange("count", count, 0, 1_000_000);
        List<String> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add("node-" + i);
        }
        return nodes;
    }

    /** The spread of {@code keys} over {@code router}'s nodes. */
    public static Load load(ShardRouter router, List<String> keys) {
        Checks.requireNonNull("router", router);
        Checks.requireNonNull("keys", keys);
        if (router.nodes().isEmpty()) {
            throw new IllegalArgumentException("router " + router.name() + " has no nodes: nothing to measure");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String n : router.nodes()) {
            counts.put(n, 0);
        }
        for (String k : keys) {
            counts.merge(router.route(k), 1, Integer::sum);
        }
        int max = Collections.max(counts.values());
        int min = Collections.min(counts.values());
        double mean = (double) keys.size() / counts.size();
        return new Load(router.name(), counts.size(), keys.size(), Collections.unmodifiableMap(counts), mean, max,
                min, mean == 0 ? Double.NaN : max / mean);
    }

    /** How {@code keys} move from {@code before} to {@code after}. */
    public static Movement movement(ShardRouter before, ShardRouter after, List<String> keys) {
        Checks.requireNonNull("before", before);
        Checks.requireNonNull("after", after);
        Checks.requireNonNull("keys", keys);
        Set<String> b = new HashSet<>(before.nodes());
        Set<String> a = new HashSet<>(after.nodes());
        Set<String> added = new HashSet<>(a);
        added.removeAll(b);
        Set<String> removed = new HashSet<>(b);
        removed.removeAll(a);
        int moved = 0;
        int toAdded = 0;
        int fromRemoved = 0;
        int between = 0;
        for (String k : keys) {
            String from = before.route(k);
            String to = after.route(k);
            if (!from.equals(to)) {
                moved++;
                if (added.contains(to)) {
                    toAdded++;
                } else if (removed.contains(from)) {
                    fromRemoved++;
                } else {
                    between++;
                }
            }
        }
        int changed = added.size() + removed.size();
        double ideal = changed == 0 ? 0.0 : Math.min(1.0, (double) changed / Math.max(a.size(), b.size()));
        return new Movement(before.name() + before.nodes(), after.name() + after.nodes(), keys.size(), moved,
                keys.isEmpty() ? 0.0 : (double) moved / keys.size(), ideal, toAdded, fromRemoved, between);
    }

    /**
     * Adds {@code newNode} to {@code router} and removes it again, measuring load and movement.
     *
     * @throws UnsupportedOperationException for routers that cannot add a node by name ({@link RangeRouter})
     */
    public static Scenario addAndRemove(ShardRouter router, String newNode, List<String> keys) {
        ShardRouter grown = router.withNode(newNode);
        ShardRouter shrunk = grown.withoutNode(newNode);
        return new Scenario(load(router, keys), load(grown, keys), movement(router, grown, keys),
                movement(router, shrunk, keys));
    }
}
