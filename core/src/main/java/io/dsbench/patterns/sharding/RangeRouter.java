package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Range-based routing: the key space, ordered by {@link String#compareTo} (UTF-16 code units), is cut at split
 * points into contiguous ranges, each owned by one node. The first range starts at the empty string; a range
 * {@code [split_i, split_{i+1})} belongs to the node that created it with {@link #withSplit}.
 *
 * <h2>Properties (checked by SHARD-1, SHARD-3, SHARD-4, SHARD-5)</h2>
 * <ul>
 *   <li>Ranges are contiguous: if keys {@code a <= b <= c} and a and c are in the same range, so is b; range
 *       queries touch only the ranges they overlap.</li>
 *   <li>{@link #withSplit(String, String) withSplit(s, x)} moves exactly the keys in {@code [s, next split)} to
 *       {@code x}; {@link #withoutNode(String) withoutNode(x)} merges x's range into the preceding range (or the
 *       following one for the first range), so {@code r.withSplit(s, x).withoutNode(x)} routes exactly like
 *       {@code r}.</li>
 *   <li>Balance depends on where the splits are: {@link #quantiles(List, List)} places them at quantiles of a key
 *       sample, giving imbalance &lt;= {@value #IMBALANCE_BOUND} on keys drawn like the sample (10 nodes, 100,000
 *       keys, sample = the keys). There is no movement bound for adding a node by name alone:
 *       {@link #withNode(String)} is unsupported because a new range needs a split point.</li>
 * </ul>
 * Each node owns exactly one range.
 *
 * <p>Immutable and thread-safe.
 */
public final class RangeRouter implements ShardRouter {
    /** Stated max/mean bound with quantile splits on the measured keys. */
    public static final double IMBALANCE_BOUND = 1.01;

    /** One range: keys k with {@code from <= k} and, if present, {@code k < to}. */
    public record Range(String node, String from, Optional<String> to) {
        /** Whether {@code key} lies in this range. */
        public boolean contains(String key) {
            return key.compareTo(from) >= 0 && to.map(t -> key.compareTo(t) < 0).orElse(true);
        }
    }

    private final TreeMap<String, String> lowerBounds; // from (inclusive) -> node

    private RangeRouter(TreeMap<String, String> lowerBounds) {
        this.lowerBounds = lowerBounds;
    }

    /** An empty router: every {@link #route} throws until {@link #withFirst(String)} is used. */
    public static RangeRouter empty() {
        return new RangeRouter(new TreeMap<>());
    }

    /** A router in which {@code node} owns the whole key space. */
    public static RangeRouter of(String node) {
        return empty().withFirst(node);
    }

    /**
     * A router over {@code nodes} with split points at the quantiles of {@code sampleKeys}: node i owns the keys
     * between the (i/n)-th and ((i+1)/n)-th quantile of the sample.
     *
     * @throws IllegalArgumentException when the sample has fewer distinct keys than there are nodes
     */
    public static RangeRouter quantiles(List<String> sampleKeys, List<String> nodes) {
        List<String> ns = Routers.validNodes(nodes);
        if (ns.isEmpty()) {
            return empty();
        }
        Checks.requireNonNull("sampleKeys", sampleKeys);
        List<String> sorted = new ArrayList<>(new TreeSet<>(sampleKeys));
        if (sorted.size() < ns.size()) {
            throw new IllegalArgumentException("sampleKeys has " + sorted.size() + " distinct keys, fewer than the "
                    + ns.size() + " nodes to split for");
        }
        RangeRouter r = of(ns.get(0));
        for (int i = 1; i < ns.size(); i++) {
            r = r.withSplit(sorted.get((int) ((long) i * sorted.size() / ns.size())), ns.get(i));
        }
        return r;
    }

    /** This router with {@code node} owning everything; only legal when the router is empty. */
    public RangeRouter withFirst(String node) {
        Checks.requireKey("node", node);
        if (!lowerBounds.isEmpty()) {
            throw new IllegalStateException("router already has nodes " + nodes() + "; use withSplit");
        }
        TreeMap<String, String> next = new TreeMap<>();
        next.put("", node);
        return new RangeRouter(next);
    }

    /**
     * This router with a new range starting at {@code splitPoint}, owned by {@code node}; the range it cuts keeps
     * the part below the split.
     *
     * @throws IllegalArgumentException when the split point is empty or already a split, or the node already owns
     *                                  a range
     */
    public RangeRouter withSplit(String splitPoint, String node) {
        Checks.requireKey("splitPoint", splitPoint);
        Checks.requireKey("node", node);
        if (lowerBounds.isEmpty()) {
            throw new IllegalStateException("router has no nodes: use withFirst before withSplit");
        }
        if (lowerBounds.containsKey(splitPoint)) {
            throw new IllegalArgumentException("splitPoint '" + splitPoint + "' is already a split point");
        }
        if (lowerBounds.containsValue(node)) {
            throw new IllegalArgumentException("node '" + node + "' already owns a range");
        }
        TreeMap<String, String> next = new TreeMap<>(lowerBounds);
        next.put(splitPoint, node);
        return new RangeRouter(next);
    }

    /** The ranges in key order. */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>();
        for (Map.Entry<String, String> e : lowerBounds.entrySet()) {
            out.add(new Range(e.getValue(), e.getKey(), Optional.ofNullable(lowerBounds.higherKey(e.getKey()))));
        }
        return out;
    }

    @Override
    public String name() {
        return "range(splits=" + Math.max(0, lowerBounds.size() - 1) + ")";
    }

    /** The nodes in key order of their ranges. */
    @Override
    public List<String> nodes() {
        return List.copyOf(lowerBounds.values());
    }

    @Override
    public String route(String key) {
        Checks.requireKey("key", key);
        Map.Entry<String, String> e = lowerBounds.floorEntry(key);
        if (e == null) {
            throw Routers.empty(name(), key);
        }
        return e.getValue();
    }

    /** Unsupported: a new range needs a split point; use {@link #withSplit(String, String)}. */
    @Override
    public ShardRouter withNode(String node) {
        throw new UnsupportedOperationException(
                "range routing needs a split point to add node '" + node + "': use withSplit(splitPoint, node)");
    }

    /** Merges {@code node}'s range into the preceding range (the following one for the first range). */
    @Override
    public RangeRouter withoutNode(String node) {
        Checks.requireKey("node", node);
        String from = null;
        for (Map.Entry<String, String> e : lowerBounds.entrySet()) {
            if (e.getValue().equals(node)) {
                from = e.getKey();
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("node '" + node + "' is not in the router " + nodes());
        }
        TreeMap<String, String> next = new TreeMap<>(lowerBounds);
        next.remove(from);
        if (from.isEmpty() && !next.isEmpty()) { // the following range now starts at ""
            Map.Entry<String, String> first = next.pollFirstEntry();
            next.put("", first.getValue());
        }
        return new RangeRouter(next);
    }

    @Override
    public String toString() {
        return name() + ranges();
    }
}
