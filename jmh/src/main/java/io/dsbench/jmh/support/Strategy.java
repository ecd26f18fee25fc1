package io.dsbench.jmh.support;

import io.dsbench.patterns.caching.CacheAside;
import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.caching.VersionedCacheAside;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.patterns.caching.WriteThrough;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The caching strategies of {@code io.dsbench.patterns.caching}, one factory each, chosen by a benchmark's
 * {@code @Param strategy} (values: the strategies' own {@link CachingStrategy#strategyName() names}). Entries live 10
 * minutes, longer than any benchmark run, so a hit stays a hit.
 */
public enum Strategy {
    CACHE_ASIDE {
        @Override
        public CachingStrategy create(CacheStore cache, KeyValueStore store) {
            return new CacheAside(cache, store, TTL);
        }
    },
    WRITE_THROUGH {
        @Override
        public CachingStrategy create(CacheStore cache, KeyValueStore store) {
            return new WriteThrough(cache, store, TTL);
        }
    },
    /** Flushes 100 ms after a key's first pending write; close() flushes the rest. */
    WRITE_BEHIND {
        @Override
        public CachingStrategy create(CacheStore cache, KeyValueStore store) {
            return new WriteBehind(cache, store, TTL, Duration.ofMillis(100));
        }
    },
    /** Invalidation hold-off of 100 ms. */
    VERSIONED_CACHE_ASIDE {
        @Override
        public CachingStrategy create(CacheStore cache, KeyValueStore store) {
            return new VersionedCacheAside(cache, store, TTL, Duration.ofMillis(100));
        }
    };

    /** Lifetime of cache entries. */
    public static final Duration TTL = Duration.ofMinutes(10);

    /** A new strategy over {@code cache} and {@code store}. */
    public abstract CachingStrategy create(CacheStore cache, KeyValueStore store);

    /** The parameter value: {@code cache-aside}, {@code write-through}, ... */
    public String paramName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The strategy named {@code name} ({@link #paramName()}). */
    public static Strategy of(String name) {
        for (Strategy s : values()) {
            if (s.paramName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("strategy '" + name + "' is unknown; known: "
                + Arrays.stream(values()).map(Strategy::paramName).toList());
    }
}
