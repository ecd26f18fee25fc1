package io.dsbench.inmemory.lincheck;

import io.dsbench.inmemory.InMemoryBackendProvider;
import io.dsbench.spec.Ticker;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;


/**
 * Base of the Lincheck tests of the in-memory primitives: subclasses declare {@code @Operation}s on a fresh store
 * (a new namespace of one shared backend per test instance) and inherit a model-checking and a stress test, with
 * at most 3 threads (the machines have 2 cores). Lincheck checks every concurrent execution it explores against
 * the same operations run sequentially. The backend uses a frozen ticker and no sweeper, so nothing expires:
 * these tests cover the linearizability scope "every operation of one namespace, without expiry".
 */
public abstract class AbstractLincheckTest {

    private static final BackendConfig CONFIG = BackendConfig.builder("inmemory")
            .option("sweepIntervalMillis", "0").ticker(frozen()).build();

    /**
     * A fresh backend per test instance (Lincheck creates many): with the sweeper off it starts no thread (its
     * watch dispatcher starts one lazily, on the first watch event, which these tests never cause), and nothing is
     * shared between instances.
     */
    protected final Backend backend = new InMemoryBackendProvider().open(CONFIG);

    /** The namespace used by the store under test. */
    protected static String freshNamespace(String prefix) {
        return prefix;
    }

    private static Ticker frozen() {
        return () -> 1_000_000_000L;
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().threads(2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .iterations(5).invocationsPerIteration(50).check(getClass());
    }

    @Test
    void modelChecking_threeThreads() {
        new ModelCheckingOptions().threads(3).actorsPerThread(2).actorsBefore(0).actorsAfter(1)
                .iterations(3).invocationsPerIteration(40).check(getClass());
    }

    @Test
    void stress() {
        new StressOptions().threads(2).actorsPerThread(3).iterations(5).invocationsPerIteration(200)
                .check(getClass());
    }
}
