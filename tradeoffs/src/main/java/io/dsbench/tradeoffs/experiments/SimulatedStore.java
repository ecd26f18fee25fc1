package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A backend's {@link KeyValueStore} dressed as the system of record behind a cache: it counts every call (the
 * store load the caching experiment reports) and answers each one a fixed {@code delay} <em>after</em> the backend
 * did it, as a database on another machine would (the value was read, or the write applied, when the delay starts).
 * Optionally every {@code slowEvery}-th get answers {@code slowExtra} later still: a slow response or a paused
 * reader between its store read and what it does next (the window of the cache-aside stale-set race). Thread-safe.
 */
final class SimulatedStore implements KeyValueStore {
    private final KeyValueStore store;
    private final long delayNanos;
    private final int slowEvery;
    private final long slowExtraNanos;
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    /**
     * @param store     the backend's store
     * @param delay     added to every call, after it (zero: none)
     * @param slowEvery every this many gets one is slow (0: none)
     * @param slowExtra how much later a slow get answers
     */
    SimulatedStore(KeyValueStore store, Duration delay, int slowEvery, Duration slowExtra) {
        this.store = store;
        this.delayNanos = delay.toNanos();
        this.slowEvery = slowEvery;
        this.slowExtraNanos = slowExtra.toNanos();
    }

    SimulatedStore(KeyValueStore store, Duration delay) {
        this(store, delay, 0, Duration.ZERO);
    }

    /** Gets made so far. */
    long gets() {
        return gets.get();
    }

    /** Puts, compare-and-sets and deletes made so far. */
    long writes() {
        return writes.get();
    }

    /** Every call made so far. */
    long calls() {
        return gets() + writes();
    }

    @Override
    public String namespace() {
        return store.namespace();
    }

    @Override
    public Optional<Versioned> get(String key) {
        long n = gets.incrementAndGet();
        Optional<Versioned> v = store.get(key);
        answer(slowEvery > 0 && n % slowEvery == 0 ? delayNanos + slowExtraNanos : delayNanos);
        return v;
    }

    @Override
    public long put(String key, byte[] value) {
        writes.incrementAndGet();
        long v = store.put(key, value);
        answer(delayNanos);
        return v;
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        writes.incrementAndGet();
        CasResult r = store.compareAndSet(key, expectedVersion, value);
        answer(delayNanos);
        return r;
    }

    @Override
    public boolean delete(String key) {
        writes.incrementAndGet();
        boolean r = store.delete(key);
        answer(delayNanos);
        return r;
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        writes.incrementAndGet();
        CasResult r = store.compareAndDelete(key, expectedVersion);
        answer(delayNanos);
        return r;
    }

    /** Waits {@code nanos} (the response's trip); an interrupt ends the wait early and stays set. */
    private static void answer(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !Thread.currentThread().isInterrupted(); left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
