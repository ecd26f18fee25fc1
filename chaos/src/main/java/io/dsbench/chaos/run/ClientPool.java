package io.dsbench.chaos.run;

import io.dsbench.chaos.workload.Workload;
import io.dsbench.lin.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The workload's client threads: each runs steps one after another (at most one request in flight), paced so that
 * all together offer {@code rate} steps per second (a client that falls behind does not burst to catch up), until
 * {@link #stop} or {@code maxOps} steps. Each client has its own random source derived from the run's seed.
 */
final class ClientPool {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private volatile boolean stopped;

    ClientPool(Workload w, HistoryRecorder rec, int clients, double rate, long seed, long maxOps) {
        long intervalNanos = (long) (clients * 1e9 / rate);
        for (int i = 0; i < clients; i++) {
            Random rnd = new Random(seed * 1_000_003L + i);
            long offset = intervalNanos * i / clients;
            Thread t = new Thread(() -> {
                HistoryRecorder.Client c = rec.client();
                long next = System.nanoTime() + offset;
                try {
                    while (!stopped) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing to the offered rate
                        }
                        long n = seq.getAndIncrement();
                        if (n >= maxOps || stopped) {
                            break;
                        }
                        w.step(c, rnd, n);
                        next += intervalNanos;
                        long now = System.nanoTime();
                        if (next < now - intervalNanos) {
                            next = now;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }, "dsbench-chaos-client-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    void stop() {
        stopped = true;
    }

    /** Waits for every client to finish its step in flight. */
    void join(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    boolean allDone() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    long steps() {
        return seq.get();
    }

    Throwable error() {
        return error.get();
    }
}
