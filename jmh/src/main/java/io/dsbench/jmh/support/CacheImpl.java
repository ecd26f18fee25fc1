package io.dsbench.jmh.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.time.Duration;
import java.util.Optional;

/**
 * Caches compared side by side (one facade, one enum constant per implementation, chosen by {@code @Param impl}):
 * dsbench's {@code inmemory} cache store, opened through the SPI, against Caffeine with the same per-entry lifetime
 * (expire after write). Neither is bounded in size: the benchmarks keep far fewer entries than would matter.
 */
public enum CacheImpl {
    /** {@code Backends.open(inmemory).cache(..)}: a synchronized map of entries with a deadline, copied out. */
    DSBENCH_INMEMORY {
        @Override
        public Store create(Duration ttl) {
            Backend backend = Backends.open(BackendConfig.managed("inmemory"));
            CacheStore cache = backend.cache("baseline");
            return new Store() {
                @Override
                public Optional<byte[]> get(String key) {
                    return cache.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    cache.put(key, value, ttl);
                }

                @Override
                public void close() {
                    backend.close();
                }
            };
        }
    },
    /** {@code Caffeine.newBuilder().expireAfterWrite(ttl).build()}, read with {@code getIfPresent}. */
    CAFFEINE {
        @Override
        public Store create(Duration ttl) {
            Cache<String, byte[]> cache = Caffeine.newBuilder().expireAfterWrite(ttl).build();
            return new Store() {
                @Override
                public Optional<byte[]> get(String key) {
                    return Optional.ofNullable(cache.getIfPresent(key));
                }

                @Override
                public void put(String key, byte[] value) {
                    cache.put(key, value);
                }

                @Override
                public void close() {
                    cache.invalidateAll();
                }
            };
        }
    };

    /** The facade: what the benchmark calls. */
    public interface Store extends AutoCloseable {
        Optional<byte[]> get(String key);

        void put(String key, byte[] value);

        @Override
        void close();
    }

    /** A new, empty cache whose entries live {@code ttl}. */
    public abstract Store create(Duration ttl);
}
