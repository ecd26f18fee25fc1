package io.dsbench.jmh.support;

import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Key-value maps compared side by side (Caffeine's {@code GetPutBenchmark} style: one facade, one enum constant per
 * implementation, chosen by {@code @Param impl}): dsbench's {@code inmemory} key-value store, opened through the SPI
 * like any backend, against a bare {@link ConcurrentHashMap}, the floor any in-process map can reach.
 */
public enum KvImpl {
    /** {@code Backends.open(inmemory).keyValue(..)}: versioned values, lock-free reads, writes serialised per namespace. */
    DSBENCH_INMEMORY {
        @Override
        public Store create() {
            Backend backend = Backends.open(BackendConfig.managed("inmemory"));
            KeyValueStore kv = backend.keyValue("baseline");
            return new Store() {
                @Override
                public Object get(String key) {
                    return kv.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    kv.put(key, value);
                }

                @Override
                public void close() {
                    backend.close();
                }
            };
        }
    },
    /** A {@code ConcurrentHashMap<String, byte[]>}: no versions, no copies, no lock on reads. */
    CONCURRENT_HASH_MAP {
        @Override
        public Store create() {
            ConcurrentHashMap<String, byte[]> chm = new ConcurrentHashMap<>();
            return new Store() {
                @Override
                public Object get(String key) {
                    return chm.get(key);
                }

                @Override
                public void put(String key, byte[] value) {
                    chm.put(key, value);
                }

                @Override
                public void close() {
                }
            };
        }
    };

    /** The facade: what the benchmark calls. */
    public interface Store extends AutoCloseable {
        Object get(String key);

        void put(String key, byte[] value);

        @Override
        void close();
    }

    /** A new, empty map. */
    public abstract Store create();
}
