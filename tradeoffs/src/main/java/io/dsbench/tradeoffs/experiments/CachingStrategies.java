package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.caching.CacheAside;
import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.caching.VersionedCacheAside;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.patterns.caching.WriteThrough;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.time.Duration;
import java.util.Optional;

/** The caching experiment's strategies by name, with their settings on one backend. */
final class CachingStrategies {
    private CachingStrategies() {
    }

    /**
     * The strategies' settings on this backend.
     *
     * @param ttl        cache entries' TTL: longer than a phase, so entries leave the cache by invalidation only
     * @param holdOff    the versioned cache-aside's tombstone lifetime (at least the backend's minimum TTL)
     * @param flushDelay write-behind's delay
     */
    record Settings(Duration ttl, Duration holdOff, Duration flushDelay) {
    }

    static CachingStrategy create(String name, CacheStore cache, KeyValueStore store, Settings s) {
        return switch (name) {
            case "cache-aside" -> new CacheAside(cache, store, s.ttl());
            case "versioned-cache-aside" -> new VersionedCacheAside(cache, store, s.ttl(), s.holdOff());
            case "write-through" -> new WriteThrough(cache, store, s.ttl());
            case "write-behind" -> new WriteBehind(cache, store, s.ttl(), s.flushDelay());
            default -> throw new IllegalArgumentException("no caching strategy '" + name + "'; the strategies are: "
                    + String.join(", ", CachingExperiment.STRATEGIES));
        };
    }

    /** Readers that bypass the cache and read the system of record. */
    record StoreReads(KeyValueStore store) implements CachingStrategy {
        @Override
        public String strategyName() {
            return "store reads";
        }

        @Override
        public Optional<byte[]> read(String key) {
            return store.get(key).map(Versioned::value);
        }

        @Override
        public void write(String key, byte[] value) {
            throw new UnsupportedOperationException("store readers do not write");
        }
    }
}
