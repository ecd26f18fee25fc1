package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.CacheImpl;
import io.dsbench.jmh.support.Keys;
import java.time.Duration;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * <b>Measures</b> a cache hit in dsbench's {@code inmemory} cache store beside Caffeine ({@code @Param impl}, see
 * {@link CacheImpl}), one caller, 1,024 entries of 100 bytes living 10 minutes, walked round-robin. In-process; runs
 * once (backend {@code inmemory}).
 *
 * <p><b>Invalidated by</b>: entries expiring (10 minutes, longer than any run); comparing across runs; reading it as
 * a comparison of eviction policies (neither cache is full, so no eviction runs: this is the read path only).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^baseline\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class CacheBaselineBenchmark {
    @Param({"DSBENCH_INMEMORY", "CAFFEINE"})
    public CacheImpl impl;

    private final Keys keys = new Keys("c", 1024);
    private CacheImpl.Store cache;

    @Setup
    public void setUp() {
        cache = impl.create(Duration.ofMinutes(10));
        byte[] value = Keys.value(100);
        for (String k : keys.all()) {
            cache.put(k, value);
        }
    }

    @TearDown
    public void tearDown() {
        cache.close();
    }

    @Benchmark
    public Optional<byte[]> get() {
        return cache.get(keys.next());
    }
}
