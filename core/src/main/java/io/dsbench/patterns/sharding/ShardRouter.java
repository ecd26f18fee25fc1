package io.dsbench.patterns.sharding;

import java.util.List;

/**
 * Maps keys to nodes (shards). Implementations are immutable values: {@link #withNode} and {@link #withoutNode}
 * return new routers, so a caller can compare the assignment before and after a membership change
 * ({@link ShardingReport#movement}).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Deterministic</b> (SHARD-1): the node of a key depends only on the key, the router's kind and
 *       parameters, and its node set (for {@link JumpHashRouter}: node order); never on the JVM, the process or
 *       the insertion history beyond that.</li>
 *   <li><b>Total</b>: every key maps to one of {@link #nodes()}. A router without nodes throws
 *       {@link IllegalStateException} ("... has no nodes ...") from {@link #route} (SHARD-5).</li>
 *   <li><b>Reversible</b> (SHARD-3): {@code r.withNode(x).withoutNode(x)} routes every key exactly as {@code r}.</li>
 *   <li>Movement and balance bounds are stated by each implementation and checked by the kit (SHARD-2, SHARD-4).</li>
 * </ul>
 * Node names are non-empty and unique; a duplicate or unknown node is an {@link IllegalArgumentException} naming it.
 *
 * <p>Thread-safe (immutable).
 */
public interface ShardRouter {
    /** A short description with parameters, e.g. {@code ring(vnodes=200)}. */
    String name();

    /** The nodes, in the router's order (insertion order for {@link JumpHashRouter}, sorted otherwise). */
    List<String> nodes();

    /**
     * The node owning {@code key}.
     *
     * @throws IllegalArgumentException for a null or empty key
     * @throws IllegalStateException    when the router has no nodes
     */
    String route(String key);

    /**
     * This router with {@code node} added.
     *
     * @throws IllegalArgumentException      when the node is empty or already present
     * @throws UnsupportedOperationException for routers that need more than a name (see {@link RangeRouter})
     */
    ShardRouter withNode(String node);

    /**
     * This router without {@code node}.
     *
     * @throws IllegalArgumentException      when the node is not present
     * @throws UnsupportedOperationException for routers that need more than a name (see {@link RangeRouter})
     */
    ShardRouter withoutNode(String node);
}
