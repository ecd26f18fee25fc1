package io.dsbench.patterns.caching;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Write-through: a write puts to the store, then puts the same value into the cache; a read is served from
 * the cache and filled from the store on a miss.
 *
 * <h2>Consistency</h2>
 * Writes and fills for one key are serialised inside this instance (striped locks), so after every write
 * through this instance the cache and the store hold the same value (rule CACHE-S2), also with concurrent
 * writers. Writers in <em>other</em> processes are not serialised with this one: across processes the
 * cache can hold an older value until its TTL (use one writer per key, or the versioned cache-aside).
 * If the store put fails, the cache is untouched; if the cache put fails after the store put succeeded, the
 * entry is invalidated (best effort) and the error is thrown.
 *
 * <p>Thread-safe.
 */
public final class WriteThrough implements CachingStrategy {
    private static final int STRIPES = 64;

    private final CacheStore cache;
    private final KeyValueStore store;
    private final Duration ttl;
    private final RemoteCalls calls;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    /** Default call policy. */
    public WriteThrough(CacheStore cache, KeyValueStore store, Duration ttl) {
        this(cache, store, ttl, RemoteCalls.defaults());
    }

    public WriteThrough(CacheStore cache, KeyValueStore store, Duration ttl, RemoteCalls calls) {
        this.cache = Checks.requireNonNull("cache", cache);
        this.store = Checks.requireNonNull("store", store);
        this.ttl = Checks.requirePositive("ttl", ttl);
        this.calls = Checks.requireNonNull("calls", calls);
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @Override
    public String strategyName() {
        return "write-through";
    }

    @Override
    public Optional<byte[]> read(String key) {
        Checks.requireKey("key", key);
        Optional<byte[]> hit = calls.callUnchecked("write-through get " + key, () -> cache.get(key));
        if (hit.isPresent()) {
            return hit;
        }
        ReentrantLock lock = lockFor(key);
        lock.lock();
        try {
            Optional<Versioned> v = calls.callUnchecked("write-through store get " + key, () -> store.get(key));
            v.ifPresent(x -> Calls.run(calls, "write-through fill " + key, () -> cache.put(key, x.value(), ttl)));
            return v.map(Versioned::value);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        byte[] copy = value.clone();
        ReentrantLock lock = lockFor(key);
        lock.lock();
        try {
            calls.callUnchecked("write-through store put " + key, () -> store.put(key, copy));
            try {
                Calls.run(calls, "write-through cache put " + key, () -> cache.put(key, copy, ttl));
            } catch (RuntimeException e) {
                try {
                    cache.invalidate(key);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), STRIPES)];
    }
}
