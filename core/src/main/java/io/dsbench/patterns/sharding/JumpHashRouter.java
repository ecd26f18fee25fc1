package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;

import java.util.List;

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm", 2014): maps a
 * 64-bit key hash to a bucket in [0, n) with no state and O(log n) time; bucket {@code i} is the {@code i}-th node
 * in insertion order.
 *
 * <h2>Bounds (checked by SHARD-2 and SHARD-4, measured with 100,000 keys)</h2>
 * <ul>
 *   <li>Adding a node (appended as bucket n) moves exactly the keys that jump to the new bucket: expected
 *       1/(n+1), only binomial noise. Stated slack: moved &lt;= 1/(n+1) x {@code (1 + }{@value #MOVEMENT_SLACK}).</li>
 *   <li>Removing the <em>last added</em> node restores the previous assignment exactly. Removing any other node
 *       shifts the buckets after it and moves far more keys: jump hash supports only removal at the end (use
 *       {@link RendezvousRouter} or {@link ConsistentHashRing} when arbitrary nodes leave).</li>
 *   <li>Imbalance (max/mean): &lt;= {@value #IMBALANCE_BOUND} for 10 nodes (binomial noise only).</li>
 * </ul>
 * Unlike the other routers, routing depends on node <em>order</em>, not only the node set.
 *
 * <p>Immutable and thread-safe.
 */
public final class JumpHashRouter implements ShardRouter {
    /** Stated max/mean bound for 10 nodes, 100,000 keys. */
    public static final double IMBALANCE_BOUND = 1.05;
    /** Stated slack on movement. */
    public static final double MOVEMENT_SLACK = 0.05;

    private static final long SEED = 0x5eed_0002L;

    private final List<String> nodes;

    private JumpHashRouter(List<String> nodes) {
        this.nodes = List.copyOf(Routers.validNodes(nodes));
    }

    /** A router whose buckets are {@code nodes} in the given order. */
    public static JumpHashRouter of(List<String> nodes) {
        return new JumpHashRouter(nodes);
    }

    /** The bucket in [0, buckets) of a 64-bit key hash (the paper's algorithm, written for dsbench). */
    public static int bucket(long keyHash, int buckets) {
        Checks.requireRange("buckets", buckets, 1, Integer.MAX_VALUE);
        long k = keyHash;
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            k = k * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((k >>> 33) + 1)));
        }
        return (int) b;
    }

    @Override
    public String name() {
        return "jump";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public String route(String key) {
        Routers.requireRoutable(this, nodes, key);
        return nodes.get(bucket(Hash64.hash(key, SEED), nodes.size()));
    }

    /** Appends {@code node} as the last bucket. */
    @Override
    public JumpHashRouter withNode(String node) {
        return new JumpHashRouter(Routers.adding(nodes, node));
    }

    /** Removes {@code node}; only removing the last node is minimal (see class javadoc). */
    @Override
    public JumpHashRouter withoutNode(String node) {
        return new JumpHashRouter(Routers.removing(nodes, node));
    }

    @Override
    public String toString() {
        return name() + nodes;
    }
}
