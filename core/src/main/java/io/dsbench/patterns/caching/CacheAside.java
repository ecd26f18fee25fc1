package io.dsbench.patterns.caching;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain cache-aside (lazy loading): read the cache; on a miss read the store and put the value into the
 * cache for {@code ttl}; a write puts to the store, then invalidates the cache entry.
 *
 * <h2>Consistency</h2>
 * Eventually consistent, bounded by the TTL. It has the <b>stale-set race</b>: reader R misses, reads the
 * store (old value), stalls; writer W puts the new value and invalidates; R puts the old value. The cache now
 * serves the old value until the TTL runs out, although the store has the new one. Rule CACHE-S5 reproduces
 * this deterministically; {@link VersionedCacheAside} prevents it. Missing keys are not cached.
 *
 * <p>Thread-safe (stateless apart from its collaborators). Store and cache errors surface as
 * {@link io.dsbench.spec.BackendException} after the call policy's retries.
 */
public final class CacheAside implements CachingStrategy {
    private final CacheStore cache;
    private final KeyValueStore store;
    private final Duration ttl;
    private final RemoteCalls calls;
    private final ReadHook hook;

    /** Default call policy, no hook. */
    public CacheAside(CacheStore cache, KeyValueStore store, Duration ttl) {
        this(cache, store, ttl, RemoteCalls.defaults(), ReadHook.NONE);
    }

    /**
     * @param cache the cache
     * @param store the system of record
     * @param ttl   lifetime of filled entries (&gt; 0)
     * @param calls timeout and retry around every cache and store call
     * @param hook  called between the store read and the cache fill on a miss (tests)
     */
    public CacheAside(CacheStore cache, KeyValueStore store, Duration ttl, RemoteCalls calls, ReadHook hook) {
        this.cache = Checks.requireNonNull("cache", cache);
        this.store = Checks.requireNonNull("store", store);
        this.ttl = Checks.requirePositive("ttl", ttl);
        this.calls = Checks.requireNonNull("calls", calls);
        this.hook = Checks.requireNonNull("hook", hook);
    }

    @Override
    public String strategyName() {
        return "cache-aside";
    }

    @Override
    public Optional<byte[]> read(String key) {
        Checks.requireKey("key", key);
        Optional<byte[]> hit = calls.callUnchecked("cache-aside get " + key, () -> cache.get(key));
        if (hit.isPresent()) {
            return hit;
        }
        Optional<Versioned> fromStore = calls.callUnchecked("cache-aside store get " + key, () -> store.get(key));
        Calls.hook(hook, key);
        fromStore.ifPresent(v -> Calls.run(calls, "cache-aside fill " + key, () -> cache.put(key, v.value(), ttl)));
        return fromStore.map(Versioned::value);
    }

    @Override
    public void write(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        calls.callUnchecked("cache-aside store put " + key, () -> store.put(key, value));
        Calls.run(calls, "cache-aside invalidate " + key, () -> cache.invalidate(key));
    }
}
