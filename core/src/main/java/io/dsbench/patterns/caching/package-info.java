/**
 * Caching strategies over any backend: a {@link io.dsbench.spec.cache.CacheStore} in front of a
 * system-of-record {@link io.dsbench.spec.kv.KeyValueStore}.
 *
 * <ul>
 *   <li>{@link io.dsbench.patterns.caching.CacheAside}: the application reads the cache, on a miss reads the
 *       store and fills the cache; a write goes to the store and invalidates the cache entry. Has the classic
 *       <em>stale-set race</em>: a slow reader that read the store before a write can put its old value into
 *       the cache after the writer's invalidation, and the stale value then lives until its TTL.</li>
 *   <li>{@link io.dsbench.patterns.caching.VersionedCacheAside}: cache-aside with versioned entries and an
 *       invalidation hold-off (a memcache-style lease): a write leaves a short-lived tombstone instead of
 *       deleting, readers only ever fill an empty slot ({@code putIfAbsent}) and re-check the store's version
 *       after filling. It prevents the race (see its javadoc for the exact guarantee).</li>
 *   <li>{@link io.dsbench.patterns.caching.WriteThrough}: a write goes to the store and then the cache, so both
 *       hold the same value after every write through this instance.</li>
 *   <li>{@link io.dsbench.patterns.caching.WriteBehind}: a write goes to the cache at once and to the store
 *       after a configured delay, coalescing repeated writes to a key; closing without a flush reports exactly
 *       which writes were lost.</li>
 * </ul>
 * Every cache and store call goes through a {@link io.dsbench.patterns.remote.RemoteCalls} policy (timeout
 * and retry with backoff and jitter); cache and store writes are idempotent by value, so retrying them is safe.
 * Conformance: rules CACHE-S1..S5 in {@link io.dsbench.conformance.CachingStrategyVerification}.
 */
package io.dsbench.patterns.caching;
