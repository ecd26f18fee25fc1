package io.dsbench.patterns.sharding;

import java.util.List;

/**
 * Rendezvous or highest-random-weight hashing (Thaler and Ravishankar, 1996): a key goes to the node with the
 * highest score {@code mix(hash(key) xor hash(node))}; ties (probability about 2^-64) go to the smaller name.
 *
 * <h2>Bounds (checked by SHARD-2 and SHARD-4, measured with 100,000 keys)</h2>
 * <ul>
 *   <li>Adding a node moves exactly the keys on which the new node scores highest, all to the new node: expected
 *       1/(n+1), binomial noise only. Stated slack: {@value #MOVEMENT_SLACK}.</li>
 *   <li>Removing <em>any</em> node moves only that node's keys, each to its second-highest node; removing the node
 *       just added restores the previous assignment exactly.</li>
 *   <li>Imbalance (max/mean): &lt;= {@value #IMBALANCE_BOUND} for 10 nodes.</li>
 * </ul>
 * Lookup is O(n) (one mix per node), fine for tens of nodes; use {@link MaglevRouter} or {@link JumpHashRouter}
 * for hundreds.
 *
 * <p>Immutable and thread-safe.
 */
public final class RendezvousRouter implements ShardRouter {
    /** Stated max/mean bound for 10 nodes, 100,000 keys. */
    public static final double IMBALANCE_BOUND = 1.05;
    /** Stated slack on movement. */
    public static final double MOVEMENT_SLACK = 0.05;

    private static final long SEED = 0x5eed_0003L;

    private final List<String> nodes;
    private final long[] nodeHashes;

    private RendezvousRouter(List<String> nodes) {
        this.nodes = Routers.sortedNodes(nodes);
        this.nodeHashes = new long[this.nodes.size()];
        for (int i = 0; i < nodeHashes.length; i++) {
            nodeHashes[i] = Hash64.hash(this.nodes.get(i), SEED);
        }
    }

    /** A router over {@code nodes}. */
    public static RendezvousRouter of(List<String> nodes) {
        return new RendezvousRouter(nodes);
    }

    @Override
    public String name() {
        return "rendezvous";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public String route(String key) {
        Routers.requireRoutable(this, nodes, key);
        long kh = Hash64.hash(key);
        int best = 0;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < nodeHashes.length; i++) {
            long score = Hash64.mix(kh ^ nodeHashes[i]);
            // unsigned comparison; nodes are sorted so the first maximum is the smallest name
            if (i == 0 || Long.compareUnsigned(score, bestScore) > 0) {
                best = i;
                bestScore = score;
            }
        }
        return nodes.get(best);
    }

    @Override
    public RendezvousRouter withNode(String node) {
        return new RendezvousRouter(Routers.adding(nodes, node));
    }

    @Override
    public RendezvousRouter withoutNode(String node) {
        return new RendezvousRouter(Routers.removing(nodes, node));
    }

    @Override
    public String toString() {
        return name() + nodes;
    }
}
