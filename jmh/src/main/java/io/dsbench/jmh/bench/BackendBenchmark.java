package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.BenchBackend;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every backend benchmark shares: the {@code @Param backend} (any provider name on the class path; the default
 * {@code inmemory} runs without servers, {@code JmhBenchmarks} passes the selected ones) and the backend opened
 * through {@link BenchBackend} once per trial, i.e. once per forked JVM: a managed redis-server or etcd is started
 * before the first warm-up iteration and stopped after the last measurement.
 *
 * <p>Subclasses build their primitives in {@link #setUp()} and release them in {@link #tearDown()}; JMH's order of
 * several {@code @Setup} methods in one class is unspecified, so there is exactly one here.
 */
@State(Scope.Benchmark)
public abstract class BackendBenchmark {
    /** The backend under test (a {@link io.dsbench.spi.BackendProvider} name). */
    @Param({"inmemory"})
    public String backend;

    /** The opened backend. */
    protected BenchBackend target;

    @Setup(Level.Trial)
    public final void openBackend() throws Exception {
        target = BenchBackend.open(backend);
        setUp();
    }

    @TearDown(Level.Trial)
    public final void closeBackend() throws Exception {
        try {
            tearDown();
        } finally {
            target.close();
        }
    }

    /**
     * Closes the backend after every iteration (warm-up included) and opens a fresh one, when
     * {@link #reopenEachIteration()} says so: for patterns whose logs grow with every operation (saga, 2PC), so the
     * in-memory backend's heap and a server's data stay bounded over a long run. Not measured (JMH excludes
     * iteration set-up and tear-down from the score).
     */
    @TearDown(Level.Iteration)
    public final void recycleBackend() throws Exception {
        if (reopenEachIteration()) {
            closeBackend();
            openBackend();
        }
    }

    /** Whether {@link #recycleBackend()} reopens the backend after each iteration; default false. */
    protected boolean reopenEachIteration() {
        return false;
    }

    /** Builds the primitives the benchmark needs (after the backend is open). */
    protected abstract void setUp() throws Exception;

    /** Releases them (before the backend closes). */
    protected void tearDown() throws Exception {
    }
}
