package io.dsbench.jmh.bench;

import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> the lock service of a backend: {@code acquireRelease} is one caller taking a free lock and
 * releasing it (the uncontended path, two round trips); {@code contended} is two threads ({@code @Group},
 * {@code @GroupThreads(2)}) racing for the same lock, each attempt a {@code tryAcquire} followed by a release when it
 * won. The contended score counts attempts, won or lost; the fraction won is not reported.
 *
 * <p><b>Invalidated by</b>: a lost grant in {@code acquireRelease} (the benchmark throws rather than measure the
 * refusal path); leases expiring (10 s, never reached since every grant is released at once); on a 2-core machine
 * with a managed server, the two contending threads and the server share two cores, so the contended figure is
 * mostly scheduling; read it against {@code acquireRelease} on the same machine only.
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends etcd --include '^lock\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class LockBenchmark extends BackendBenchmark {
    private LockService locks;

    @Override
    protected void setUp() {
        locks = target.backend().locks(LockConfig.of(target.unique("locks")));
    }

    @Benchmark
    public boolean acquireRelease() {
        LockGrant g = locks.tryAcquire("free").orElseThrow(
                () -> new IllegalStateException("an uncontended lock was refused"));
        return locks.release(g);
    }

    @Benchmark
    @Group("contended")
    @GroupThreads(2)
    public boolean contended() {
        Optional<LockGrant> g = locks.tryAcquire("hot");
        return g.isPresent() && locks.release(g.get());
    }
}
