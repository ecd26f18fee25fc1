/**
 * Sharding: {@link io.dsbench.patterns.sharding.ShardRouter} implementations (consistent-hash ring with virtual
 * nodes, jump consistent hash, rendezvous, Maglev, range-based with split points), a
 * {@link io.dsbench.patterns.sharding.ShardedKeyValueStore} over several stores of any backend, and
 * {@link io.dsbench.patterns.sharding.ShardingReport}, which measures load imbalance and key movement for any router.
 *
 * <p>Every router states its movement and balance bounds in its javadoc as constants, and the kit's SHARD rules
 * check them. All hash-based routers use {@link io.dsbench.patterns.sharding.Hash64}, so routing is identical in
 * every JVM.
 */
package io.dsbench.patterns.sharding;
