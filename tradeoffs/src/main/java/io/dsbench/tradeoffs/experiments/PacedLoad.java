package io.dsbench.tradeoffs.experiments;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded load loop for the replication and failover experiments: {@code threads} threads, each calling its body
 * at most once per {@code period} (a call that takes longer is followed at once by the next) until {@link #stop}.
 * The body records its own outcomes; a {@link io.dsbench.spec.BackendException} is an outcome it handles itself, any
 * other exception ends its thread and is rethrown by {@link #stop}.
 */
final class PacedLoad implements AutoCloseable {
    /** One call of one thread: {@code i} counts that thread's calls from 0. */
    interface Body {
        void run(int thread, long i) throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile boolean stopped;

    PacedLoad(String name, int threads, Duration period, Body body) {
        long periodNanos = period.toNanos();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                long next = System.nanoTime();
                for (long i = 0; !stopped && !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        body.run(thread, i);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                        return;
                    }
                    next += periodNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
            }, name + "-" + t);
            th.setDaemon(true);
            this.threads.add(th);
        }
        this.threads.forEach(Thread::start);
    }

    /** Whether a thread ended with an unexpected exception. */
    boolean failed() {
        return error.get() != null;
    }

    /**
     * Stops the threads and waits for them (each call in flight ends within the backend's operation timeout; after
     * {@code max} they are interrupted). Rethrows the first unexpected exception of a body.
     */
    void stop(Duration max) throws Exception {
        stopped = true;
        long deadline = System.nanoTime() + max.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                t.interrupt();
                t.join(1000);
            }
        }
        Throwable e = error.get();
        if (e instanceof Exception ex) {
            throw ex;
        }
        if (e instanceof Error err) {
            throw err;
        }
    }

    @Override
    public void close() throws Exception {
        if (!stopped) {
            stop(Duration.ofSeconds(10));
        }
    }
}
