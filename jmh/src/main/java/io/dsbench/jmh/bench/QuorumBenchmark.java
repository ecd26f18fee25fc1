package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> quorum replication over N stores of the same backend (N namespaces; {@code replicas} N = 3 or 5,
 * W = R = a majority: 2 of 3, 3 of 5), one caller, in two modes: {@code plain} ({@link QuorumConfig.Consistency#STRONG}: quorum reads with read repair) and
 * {@code abd} ({@link QuorumConfig.Consistency#LINEARIZABLE}: a read writes the value it returns back to W replicas).
 * {@code write} is a put of one of 16 keys (a version query then the write, each to every replica in parallel);
 * {@code read} a get of one of them.
 *
 * <p><b>Invalidated by</b>: the three "replicas" being three namespaces of one server (the figure is the pattern's
 * CPU and round-trip cost, not the fault tolerance of three machines: there is one network hop and one fsync
 * stream); replicas disagreeing (all writes come from this store, so read repair never fires after set-up); the
 * fan-out threads of {@code ReplicaSet} competing with the caller on two cores (part of the pattern's cost).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,etcd --include '^quorum\.'}; compare {@code quorum.write}
 * with {@code kv.put} of the same run for the pattern's overhead, and N = 3 with N = 5 for how it grows with N (both
 * N run in quick mode too).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class QuorumBenchmark extends BackendBenchmark {
    @Param({"plain", "abd"})
    public String mode;

    /** N: replicas (namespaces); W = R = N / 2 + 1. */
    @Param({"3", "5"})
    public int replicas;

    private final Keys keys = new Keys("q", 16);
    private final byte[] value = Keys.value(100);
    private QuorumReplicatedStore store;

    @Override
    protected void setUp() {
        List<KeyValueStore> replicas = new ArrayList<>();
        for (int i = 0; i < this.replicas; i++) {
            replicas.add(target.backend().keyValue(target.unique("replica")));
        }
        int majority = this.replicas / 2 + 1;
        QuorumConfig config = switch (mode) {
            case "plain" -> QuorumConfig.strong(this.replicas, majority, majority);
            case "abd" -> QuorumConfig.linearizable(this.replicas, majority, majority);
            default -> throw new IllegalArgumentException("mode '" + mode + "' is unknown; known: plain, abd");
        };
        store = QuorumReplicatedStore.builder(config, replicas).build();
        for (String k : keys.all()) {
            store.put(k, value);
        }
    }

    @Benchmark
    public long write() {
        return store.put(keys.next(), value);
    }

    @Benchmark
    public Optional<Versioned> read() {
        return store.get(keys.next());
    }
}
