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
 * <b>Measures</b> quorum replication over three stores of the same backend (three namespaces: N=3, W=2, R=2), one
 * caller, in two modes: {@code plain} ({@link QuorumConfig.Consistency#STRONG}: quorum reads with read repair) and
 * {@code abd} ({@link QuorumConfig.Consistency#LINEARIZABLE}: a read writes the value it returns back to W replicas).
 * {@code write} is a put of one of 1,024 keys (a version query then the write, each to every replica in parallel);
 * {@code read} a get of one of them.
 *
 * <p><b>Invalidated by</b>: the three "replicas" being three namespaces of one server (the figure is the pattern's
 * CPU and round-trip cost, not the fault tolerance of three machines: there is one network hop and one fsync
 * stream); replicas disagreeing (all writes come from this store, so read repair never fires after set-up); the
 * fan-out threads of {@code ReplicaSet} competing with the caller on two cores (part of the pattern's cost).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,etcd --include '^quorum\.'}; compare {@code quorum.write}
 * with {@code kv.put} of the same run for the pattern's overhead.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class QuorumBenchmark extends BackendBenchmark {
    @Param({"plain", "abd"})
    public String mode;

    private final Keys keys = new Keys("q", 1024);
    private final byte[] value = Keys.value(100);
    private QuorumReplicatedStore store;

    @Override
    protected void setUp() {
        List<KeyValueStore> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(target.backend().keyValue(target.unique("replica")));
        }
        QuorumConfig config = switch (mode) {
            case "plain" -> QuorumConfig.strong(3, 2, 2);
            case "abd" -> QuorumConfig.linearizable(3, 2, 2);
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
