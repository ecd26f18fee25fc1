package io.dsbench.patterns.caching;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Cache-aside without the stale-set race: versioned cache entries plus an invalidation hold-off (a lease in
 * the sense of Facebook's memcache paper, built from {@link CacheStore#putIfAbsent}).
 *
 * <h2>Algorithm</h2>
 * <ul>
 *   <li>Cache entries are either {@code VALUE(version, bytes)} (version = the store's version of the value)
 *       or {@code TOMBSTONE(version)}.</li>
 *   <li><b>Write</b>: put to the store (new version v), then <em>overwrite</em> the cache entry with
 *       {@code TOMBSTONE(v)} living for {@code holdOff}, instead of deleting it.</li>
 *   <li><b>Read</b>: a {@code VALUE} is a hit. Otherwise read the store. During a tombstone's hold-off the
 *       value is returned without filling the cache. On an empty slot the reader fills with
 *       {@code putIfAbsent} (it never overwrites anything), then re-reads the store's version; if the version
 *       moved on, it overwrites its own fill with a tombstone of the newer version.</li>
 * </ul>
 *
 * <h2>Guarantee</h2>
 * A reader that read the store before a write and tries to fill after that write's tombstone was put cannot
 * install its old value while the tombstone lives (its {@code putIfAbsent} fails). If it is slower than the
 * hold-off, its fill succeeds but its own version re-check (which happens after the writer's store write)
 * replaces it with a tombstone before the read returns: a stale entry is visible at most between one
 * reader's fill and its re-check, never until the TTL as with {@link CacheAside}. Missing keys are not cached.
 * Rule CACHE-S5 checks the deterministic interleaving on both strategies.
 *
 * <p>Thread-safe. Costs one more store read per fill than plain cache-aside. Entries are not readable by
 * plain {@link CacheAside} (they carry a 9-byte header: kind, version).
 */
public final class VersionedCacheAside implements CachingStrategy {
    private static final byte VALUE = 'V';
    private static final byte TOMBSTONE = 'T';

    private final CacheStore cache;
    private final KeyValueStore store;
    private final Duration ttl;
    private final Duration holdOff;
    private final RemoteCalls calls;
    private final ReadHook hook;

    /** Default call policy, no hook. */
    public VersionedCacheAside(CacheStore cache, KeyValueStore store, Duration ttl, Duration holdOff) {
        this(cache, store, ttl, holdOff, RemoteCalls.defaults(), ReadHook.NONE);
    }

    /**
     * @param ttl     lifetime of filled entries (&gt; 0)
     * @param holdOff lifetime of a write's tombstone, during which readers do not fill (&gt; 0; at least
     *                the backend's minimum TTL; longer than a slow reader's store-read-to-fill time)
     */
    public VersionedCacheAside(CacheStore cache, KeyValueStore store, Duration ttl, Duration holdOff,
            RemoteCalls calls, ReadHook hook) {
        this.cache = Checks.requireNonNull("cache", cache);
        this.store = Checks.requireNonNull("store", store);
        this.ttl = Checks.requirePositive("ttl", ttl);
        this.holdOff = Checks.requirePositive("holdOff", holdOff);
        this.calls = Checks.requireNonNull("calls", calls);
        this.hook = Checks.requireNonNull("hook", hook);
    }

    @Override
    public String strategyName() {
        return "versioned-cache-aside";
    }

    @Override
    public Optional<byte[]> read(String key) {
        Checks.requireKey("key", key);
        Optional<byte[]> raw = calls.callUnchecked("versioned-cache-aside get " + key, () -> cache.get(key));
        if (raw.isPresent() && raw.get().length >= 9 && raw.get()[0] == VALUE) {
            return Optional.of(Arrays.copyOfRange(raw.get(), 9, raw.get().length));
        }
        boolean holdOffActive = raw.isPresent();
        Optional<Versioned> fromStore = storeGet(key);
        Calls.hook(hook, key);
        if (fromStore.isEmpty() || holdOffActive) {
            return fromStore.map(Versioned::value);
        }
        Versioned v = fromStore.get();
        boolean filled = calls.callUnchecked("versioned-cache-aside fill " + key,
                () -> cache.putIfAbsent(key, encode(VALUE, v.version(), v.value()), ttl));
        if (filled) {
            long now = storeGet(key).map(Versioned::version).orElse(KeyValueStore.ABSENT);
            if (now != v.version()) {
                Calls.run(calls, "versioned-cache-aside revoke " + key,
                        () -> cache.put(key, encode(TOMBSTONE, now, new byte[0]), holdOff));
            }
        }
        return Optional.of(v.value());
    }

    @Override
    public void write(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        long version = calls.callUnchecked("versioned-cache-aside store put " + key, () -> store.put(key, value));
        Calls.run(calls, "versioned-cache-aside tombstone " + key,
                () -> cache.put(key, encode(TOMBSTONE, version, new byte[0]), holdOff));
    }

    /** The value this strategy's cache entry holds for {@code key}: empty when missing or a tombstone. */
    public Optional<byte[]> cachedValue(String key) {
        Optional<byte[]> raw = calls.callUnchecked("versioned-cache-aside get " + key, () -> cache.get(key));
        return raw.filter(r -> r.length >= 9 && r[0] == VALUE).map(r -> Arrays.copyOfRange(r, 9, r.length));
    }

    private Optional<Versioned> storeGet(String key) {
        return calls.callUnchecked("versioned-cache-aside store get " + key, () -> store.get(key));
    }

    private static byte[] encode(byte kind, long version, byte[] value) {
        return ByteBuffer.allocate(9 + value.length).put(kind).putLong(version).put(value).array();
    }
}
