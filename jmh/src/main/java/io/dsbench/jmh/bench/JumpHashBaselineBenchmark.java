package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.JumpImpl;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the jump consistent hash bucket computation of dsbench beside Guava's
 * {@code Hashing.consistentHash} ({@code @Param impl}, see {@link JumpImpl}) for 1,000 buckets, over 4,096
 * precomputed random 64-bit hashes walked round-robin (so string hashing, which differs between the two APIs, is
 * left out). In-process; runs once (backend {@code inmemory}). Issue 13's goal: within 1.1x Guava.
 *
 * <p><b>Invalidated by</b>: a constant input (the loop count of jump hash depends on the input, so a constant would
 * measure one path and let the JIT fold it); comparing across runs.
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^baseline\.jump'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class JumpHashBaselineBenchmark {
    @Param({"DSBENCH", "GUAVA"})
    public JumpImpl impl;

    @Param({"1000"})
    public int buckets;

    private final long[] hashes = new long[4096];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = rnd.nextLong();
        }
    }

    @Benchmark
    public int bucket() {
        next = (next + 1) & (hashes.length - 1);
        return impl.bucket(hashes[next], buckets);
    }
}
