package io.dsbench.conformance;

import io.dsbench.patterns.caching.ReadHook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CACHE-S5's schedule: holds a reader between its store read and its cache fill (through a {@link ReadHook}) while a
 * writer runs, with latches only.
 */
final class StaleSetRace {
    private final CountDownLatch readerReadStore = new CountDownLatch(1);
    private final CountDownLatch writerDone = new CountDownLatch(1);
    private final ExecutorService threads;
    private final Duration bound;

    StaleSetRace(ExecutorService threads, Duration bound) {
        this.threads = threads;
        this.bound = bound;
    }

    /** A writer step that may throw. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    ReadHook hook() {
        return key -> {
            readerReadStore.countDown();
            if (!writerDone.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("writer did not finish within " + bound);
            }
        };
    }

    /** Runs the reader until it holds, then the writer, then lets the reader fill; returns what the reader read. */
    String run(Callable<Optional<byte[]>> reader, ThrowingRunnable writer) throws Exception {
        Future<Optional<byte[]>> r = threads.submit(reader);
        assertThat(readerReadStore.await(bound.toMillis(), TimeUnit.MILLISECONDS))
                .as("the reader must miss the cache and read the store").isTrue();
        try {
            writer.run();
        } finally {
            writerDone.countDown();
        }
        return r.get(bound.toMillis(), TimeUnit.MILLISECONDS).map(x -> new String(x, StandardCharsets.UTF_8))
                .orElse(null);
    }
}
