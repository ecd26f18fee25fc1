package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the raw key-value primitive of a backend, one caller: {@code get} of a present key, {@code put}
 * (overwrite) and {@code compareAndSet} against the version the previous call returned (always succeeds), over
 * 1,024 keys of 100-byte values walked round-robin; {@code threePuts} is three puts in a row, the reference for the
 * saga and 2PC overheads. Every result is returned, so JMH consumes it.
 *
 * <p><b>Invalidated by</b>: a cas that fails (then it measures the failure path; {@code cas} re-reads the version from
 * the failure, so it cannot fail twice in a row, but another writer on the same namespace would make it alternate);
 * a managed server sharing the machine's two cores with the benchmark thread (the figure is then the pair's, which
 * is what a single-machine deployment sees, but not the server's limit); GC pauses from a too small heap (the forks
 * get {@code -Xmx2g}).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,redis --include '^kv\.'} or, from the module,
 * {@code JmhBenchmarks.run(new Options(List.of("redis"), "^kv\\.", true, Path.of("jmh.json"), System.out::println))}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class KvBenchmark extends BackendBenchmark {
    private final Keys keys = new Keys("kv", 1024);
    private final byte[] value = Keys.value(100);
    private KeyValueStore kv;
    private String[] casKeys;
    private long[] versions;
    private int casIndex;

    @Override
    protected void setUp() {
        kv = target.backend().keyValue(target.unique("kv"));
        casKeys = keys.all();
        versions = new long[casKeys.length];
        for (int i = 0; i < casKeys.length; i++) {
            versions[i] = kv.put(casKeys[i], value);
        }
    }

    @Benchmark
    public Optional<Versioned> get() {
        return kv.get(keys.next());
    }

    @Benchmark
    public long put() {
        return kv.put(keys.next(), value);
    }

    @Benchmark
    public CasResult cas() {
        int i = casIndex = (casIndex + 1) & (versions.length - 1);
        CasResult r = kv.compareAndSet(casKeys[i], versions[i], value);
        versions[i] = r.version();
        return r;
    }

    @Benchmark
    public long threePuts() {
        return kv.put(keys.next(), value) + kv.put(keys.next(), value) + kv.put(keys.next(), value);
    }
}
