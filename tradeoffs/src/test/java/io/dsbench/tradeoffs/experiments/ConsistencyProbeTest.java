package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partition window's per-group staleness: a group reading a copy that never receives the writes is stale on
 * every read that begins once each key has an acknowledged write; a group reading the written store itself never
 * is, in the same history (each group's reads are measured against every write, not against the other group's
 * reads).
 */
class ConsistencyProbeTest {

    /** Gets wait until every partition key has an acknowledged write, then go to the store. */
    private record AfterWrites(KeyValueStore delegate, CountDownLatch written) implements KeyValueStore {
        @Override
        public String namespace() {
            return delegate.namespace();
        }

        @Override
        public Optional<Versioned> get(String key) {
            try {
                if (!written.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the writer did not write every key within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return delegate.get(key);
        }

        @Override
        public long put(String key, byte[] value) {
            return delegate.put(key, value);
        }

        @Override
        public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
            return delegate.compareAndSet(key, expectedVersion, value);
        }

        @Override
        public boolean delete(String key) {
            return delegate.delete(key);
        }

        @Override
        public CasResult compareAndDelete(String key, long expectedVersion) {
            return delegate.compareAndDelete(key, expectedVersion);
        }
    }

    /**
     * Counts down at the first put that follows a put of every partition key: the writer (one thread) recorded the
     * earlier puts' acknowledgements before it invoked this one.
     */
    private static KeyValueStore countingWriter(KeyValueStore kv, CountDownLatch written) {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        return new KeyValueStore() {
            @Override
            public String namespace() {
                return kv.namespace();
            }

            @Override
            public Optional<Versioned> get(String key) {
                return kv.get(key);
            }

            @Override
            public long put(String key, byte[] value) {
                if (keys.size() == 3) {
                    written.countDown(); // the writer's history already holds the :ok of every key's first put
                }
                long v = kv.put(key, value);
                keys.add(key);
                return v;
            }

            @Override
            public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                return kv.compareAndSet(key, expectedVersion, value);
            }

            @Override
            public boolean delete(String key) {
                return kv.delete(key);
            }

            @Override
            public CasResult compareAndDelete(String key, long expectedVersion) {
                return kv.compareAndDelete(key, expectedVersion);
            }
        };
    }

    @Test
    void readsOfACopyThatMissesEveryWriteAreAllStale_readsOfTheWrittenStoreNone() throws Exception {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            KeyValueStore written = b.keyValue("written");
            KeyValueStore copy = b.keyValue("never-replicated");
            CountDownLatch allKeys = new CountDownLatch(1);
            Map<String, ConsistencyProbe.Group> g = ConsistencyProbe.partition(List.of(
                    new ConsistencyProbe.Client("writer", countingWriter(written, allKeys),
                            ConsistencyProbe.Mode.WRITE),
                    new ConsistencyProbe.Client("copy", new AfterWrites(copy, allKeys), ConsistencyProbe.Mode.READ),
                    new ConsistencyProbe.Client("fresh", new AfterWrites(written, allKeys),
                            ConsistencyProbe.Mode.READ)), Duration.ofSeconds(10), 50, 5, Duration.ofSeconds(10));

            ConsistencyProbe.Group stale = g.get("copy");
            assertThat(stale.reads()).isEqualTo(50);
            assertThat(stale.readsFailed()).isZero();
            assertThat(stale.staleness().reads()).isEqualTo(50);
            // every read but the first begins after each key had an acknowledged write; the first is recorded as
            // invoked before its get waits for the writer, so it may overlap the writes (then it is not stale)
            assertThat(stale.staleness().staleReads()).as("reads of absent keys after each was written")
                    .isBetween(49, 50);
            assertThat(stale.staleness().maxVersions()).isPositive();
            assertThat(g.get("fresh").staleness().staleReads()).isZero();
            assertThat(g.get("fresh").staleness().reads()).isEqualTo(50);
            assertThat(g.get("writer").staleness()).isNull();
            assertThat(g.get("writer").writes()).isEqualTo(50);
        }
    }
}
