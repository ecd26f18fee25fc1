package io.dsbench.patterns.sharding;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link KeyValueStore} partitioned over several stores by a {@link ShardRouter}: every operation on a key goes
 * to the store of {@code router.route(key)}.
 *
 * <h2>Semantics</h2>
 * Single-key operations have exactly the semantics of the owning shard (versions are that shard's versions, which
 * is enough because the contract compares versions only within one key). Consistency is per shard: linearizable
 * if every shard is. There is no cross-shard atomicity.
 *
 * <h2>Membership</h2>
 * The router and the shard map are fixed for the life of the store. To reshard, build a new store with the new
 * router and move the keys whose {@link ShardingReport#movement movement} says they changed owner; during the move
 * reads must consult both owners (not provided here).
 *
 * <p>Thread-safe when the shards are.
 */
public final class ShardedKeyValueStore implements KeyValueStore {
    private final String namespace;
    private final ShardRouter router;
    private final Map<String, KeyValueStore> shards;

    /**
     * @param namespace a name for this store (for messages and reports)
     * @param router    the router; must have at least one node
     * @param shards    one store per router node (extra entries are rejected too, to catch typos)
     * @throws IllegalArgumentException naming the node without a store or the store without a node
     */
    public ShardedKeyValueStore(String namespace, ShardRouter router, Map<String, KeyValueStore> shards) {
        this.namespace = Checks.requireKey("namespace", namespace);
        this.router = Checks.requireNonNull("router", router);
        Checks.requireNonNull("shards", shards);
        if (router.nodes().isEmpty()) {
            throw new IllegalArgumentException("router " + router.name() + " has no nodes");
        }
        for (String node : router.nodes()) {
            if (shards.get(node) == null) {
                throw new IllegalArgumentException("shards has no store for router node '" + node + "'");
            }
        }
        for (String node : shards.keySet()) {
            if (!router.nodes().contains(node)) {
                throw new IllegalArgumentException("shards['" + node + "'] is not a node of router " + router.name()
                        + router.nodes());
            }
        }
        this.shards = Map.copyOf(new TreeMap<>(shards));
    }

    /** The router. */
    public ShardRouter router() {
        return router;
    }

    /** The store owning {@code key}. */
    public KeyValueStore shardFor(String key) {
        return shards.get(router.route(Checks.requireKey("key", key)));
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Versioned> get(String key) {
        return shardFor(key).get(key);
    }

    @Override
    public long put(String key, byte[] value) {
        Checks.requireNonNull("value", value);
        return shardFor(key).put(key, value);
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        Checks.requireNonNull("value", value);
        return shardFor(key).compareAndSet(key, expectedVersion, value);
    }

    @Override
    public boolean delete(String key) {
        return shardFor(key).delete(key);
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        return shardFor(key).compareAndDelete(key, expectedVersion);
    }

    @Override
    public String toString() {
        return "ShardedKeyValueStore[" + namespace + ", " + router.name() + router.nodes() + "]";
    }
}
