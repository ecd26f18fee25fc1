package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.jmh.support.Strategy;
import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.spec.kv.KeyValueStore;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> each caching strategy over the backend's own cache store and key-value store (both from the same
 * backend), one caller: {@code getHit} reads one of 1,024 keys present in the cache; {@code getMiss} reads one of
 * 1,024 keys absent from cache and store (a cache get plus a store get; absent keys are never cached, so every call
 * misses); {@code put} writes one of the 1,024 keys through the strategy (cache-aside: store put + invalidate;
 * write-through: store put + cache put; write-behind: cache put, store later; versioned: store put + tombstone).
 *
 * <p><b>Invalidated by</b>: hits turning into misses (entries live 10 minutes; none is written during
 * {@code getHit}); write-behind's flusher thread competing for the CPU during {@code put} (it is part of the
 * strategy's cost, but on two cores it also slows the caller); comparing strategies' {@code getHit} and expecting a
 * difference: all four read the cache first, so they should agree.
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends redis --include '^cache\.'} (quick mode runs cache-aside only).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class CacheBenchmark extends BackendBenchmark {
    @Param({"cache-aside", "write-through", "write-behind", "versioned-cache-aside"})
    public String strategy;

    private final Keys hot = new Keys("hot", 1024);
    private final Keys absent = new Keys("absent", 1024);
    private final byte[] value = Keys.value(100);
    private CachingStrategy cache;

    @Override
    protected void setUp() {
        KeyValueStore store = target.backend().keyValue(target.unique("cache-store"));
        cache = Strategy.of(strategy).create(target.backend().cache(target.unique("cache")), store);
        for (String k : hot.all()) {
            store.put(k, value);
            if (cache.read(k).isEmpty()) {
                throw new IllegalStateException(strategy + ": key " + k + " was written to the store but reads empty");
            }
        }
    }

    @Override
    protected void tearDown() {
        cache.close();
    }

    @Benchmark
    public Optional<byte[]> getHit() {
        return cache.read(hot.next());
    }

    @Benchmark
    public Optional<byte[]> getMiss() {
        return cache.read(absent.next());
    }

    @Benchmark
    public byte[] put() {
        cache.write(hot.next(), value);
        return value;
    }
}
