package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer", NSDI 2016): a
 * lookup table of prime size M is filled by letting the nodes, in turn, claim the next free slot of their own
 * permutation {@code (offset + j x skip) mod M}, where {@code offset = h1(node) mod M} and
 * {@code skip = h2(node) mod (M-1) + 1}; a key goes to {@code table[hash(key) mod M]}.
 *
 * <h2>Bounds (checked by SHARD-2 and SHARD-4, measured with 100,000 keys)</h2>
 * <ul>
 *   <li>Balance is near perfect: every node gets floor(M/n) or ceil(M/n) slots. Imbalance (max/mean):
 *       &lt;= {@value #IMBALANCE_BOUND} for 10 nodes and M = 65,537.</li>
 *   <li>Disruption is <em>small, not minimal</em>: adding a node moves about 1/(n+1) of the keys to the new node
 *       plus a few percent between existing nodes (the table is refilled). Stated slack: moved &lt;= 1/(n+1) x
 *       {@code (1 + }{@value #MOVEMENT_SLACK}); keys moving between old nodes are reported by
 *       {@link ShardingReport.Movement#movedBetweenOthers()}, and this is the one router for which SHARD-2's "only
 *       keys moving to the new node move" does not hold.</li>
 *   <li>Removing the node restores the previous assignment exactly (the table is a function of the sorted node
 *       set).</li>
 * </ul>
 * Lookup is O(1); building is O(M log M) at worst and memory O(M). The table size must be a prime &gt;= n
 * (ideally &gt;= 100 x n).
 *
 * <p>Immutable and thread-safe.
 */
public final class MaglevRouter implements ShardRouter {
    /** Default table size (prime). */
    public static final int DEFAULT_TABLE_SIZE = 65_537;
    /** Stated max/mean bound for 10 nodes, M = 65,537, 100,000 keys. */
    public static final double IMBALANCE_BOUND = 1.05;
    /** Stated slack on movement. */
    public static final double MOVEMENT_SLACK = 0.15;

    private static final long SEED_OFFSET = 0x5eed_0004L;
    private static final long SEED_SKIP = 0x5eed_0005L;

    private final List<String> nodes;
    private final int tableSize;
    private final int[] table;

    private MaglevRouter(List<String> nodes, int tableSize) {
        Checks.requireRange("tableSize", tableSize, 3, 10_000_019);
        if (!BigInteger.valueOf(tableSize).isProbablePrime(40)) {
            throw new IllegalArgumentException("tableSize = " + tableSize + " is not a prime (legal: a prime >= 3)");
        }
        List<String> sorted = Routers.sortedNodes(nodes);
        if (sorted.size() > tableSize) {
            throw new IllegalArgumentException("tableSize = " + tableSize + " is smaller than the number of nodes ("
                    + sorted.size() + ")");
        }
        this.nodes = sorted;
        this.tableSize = tableSize;
        this.table = populate();
    }

    /** A router over {@code nodes} with table size {@value #DEFAULT_TABLE_SIZE}. */
    public static MaglevRouter of(List<String> nodes) {
        return new MaglevRouter(nodes, DEFAULT_TABLE_SIZE);
    }

    /** A router over {@code nodes} with a prime table size. */
    public static MaglevRouter of(List<String> nodes, int tableSize) {
        return new MaglevRouter(nodes, tableSize);
    }

    private int[] populate() {
        int[] entry = new int[tableSize];
        Arrays.fill(entry, -1);
        int n = nodes.size();
        if (n == 0) {
            return entry;
        }
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            offset[i] = Long.remainderUnsigned(Hash64.hash(nodes.get(i), SEED_OFFSET), tableSize);
            skip[i] = Long.remainderUnsigned(Hash64.hash(nodes.get(i), SEED_SKIP), tableSize - 1) + 1;
        }
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                long c = (offset[i] + next[i] * skip[i]) % tableSize;
                while (entry[(int) c] >= 0) {
                    next[i]++;
                    c = (offset[i] + next[i] * skip[i]) % tableSize;
                }
                entry[(int) c] = i;
                next[i]++;
                if (++filled == tableSize) {
                    return entry;
                }
            }
        }
    }

    /** The lookup table size M. */
    public int tableSize() {
        return tableSize;
    }

    @Override
    public String name() {
        return "maglev(M=" + tableSize + ")";
    }

    @Override
    public List<String> nodes() {
        return nodes;
    }

    @Override
    public String route(String key) {
        Routers.requireRoutable(this, nodes, key);
        return nodes.get(table[(int) Long.remainderUnsigned(Hash64.hash(key), tableSize)]);
    }

    @Override
    public MaglevRouter withNode(String node) {
        return new MaglevRouter(Routers.adding(nodes, node), tableSize);
    }

    @Override
    public MaglevRouter withoutNode(String node) {
        return new MaglevRouter(Routers.removing(nodes, node), tableSize);
    }

    @Override
    public String toString() {
        return name() + nodes;
    }
}
