package io.dsbench.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kit's thread helpers, shared by every kit class through {@link AbstractVerification}: threads released
 * together ({@link #concurrently}), races repeated until calls really overlapped ({@link #raceRounds}), and
 * waiting for another thread to block ({@link #awaitBlocked}) instead of sleeping to order threads.
 */
public abstract class KitThreads {
    /** Timing for time-based rules. */
    protected final TestEnvironment env = TestEnvironment.fromEnvironment();

    /** The most threads a kit rule may start. */
    protected static final int MAX_THREADS = 16;

    /**
     * Waits until the thread in {@code thread} (set by the thread itself right before it calls a blocking
     * operation) is blocked inside that call: parked, waiting or sleeping on 3 polls in a row. For rules that
     * must act only once another thread waits (e.g. release a lock once the waiter is blocked in acquire),
     * instead of sleeping and hoping it has got there.
     *
     * @return false if it was not seen blocked within {@code max}
     */
    protected boolean awaitBlocked(java.util.concurrent.atomic.AtomicReference<Thread> thread, Duration max) {
        int[] inARow = {0};
        return env.await(max, () -> {
            Thread t = thread.get();
            Thread.State st = t == null ? null : t.getState();
            boolean blocked = st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING
                    || st == Thread.State.BLOCKED;
            inARow[0] = blocked ? inARow[0] + 1 : 0;
            return inARow[0] >= 3;
        });
    }

    /** One round of {@link #raceRounds}: the work of thread {@code index} in round {@code round}. */
    @FunctionalInterface
    protected interface RoundTask<T> {
        T run(int round, int index) throws Exception;
    }

    /** Checks the results of one round of {@link #raceRounds} (by thread index); throws to fail the rule. */
    @FunctionalInterface
    protected interface RoundCheck<T> {
        void check(int round, List<T> results);
    }

    /**
     * Races {@code threads} threads, released together by a latch (then a short spin until all are awake), in rounds (each round should use fresh
     * keys), checking every round, until {@code hitsWanted} rounds opened the race window: at least two calls
     * in flight at the same instant (measured from each call's start and end). A race-free round proves
     * nothing about atomicity, so it is not counted; if the machine cannot produce {@code hitsWanted} racing
     * rounds within {@code maxRounds}, the rule fails saying so (the kit, not the backend). Prints
     * "[dsbench] RULE.races = ..." with the numbers.
     *
     * @return how many rounds ran
     */
    protected <T> int raceRounds(String rule, int threads, int hitsWanted, int maxRounds, RoundTask<T> task,
            RoundCheck<T> check) {
        int hits = 0;
        int round = 0;
        while (hits < hitsWanted) {
            if (round >= maxRounds) {
                throw new AssertionError(rule + ": the kit could not make calls overlap: " + hits + " of " + round
                        + " rounds had two calls in flight at once (wanted " + hitsWanted + "; machine overloaded?)");
            }
            int r = round++;
            long[][] spans = new long[threads][2];
            AtomicInteger awake = new AtomicInteger();
            List<T> results = concurrently(threads, env.operationBound(), i -> {
                // the latch wakes threads one after the other; spin (at most 2 ms) until all are awake, so that
                // their calls start together instead of in a wake-up cascade
                awake.incrementAndGet();
                long spinUntil = System.nanoTime() + 2_000_000;
                while (awake.get() < threads && System.nanoTime() - spinUntil < 0) {
                    Thread.onSpinWait();
                }
                spans[i][0] = System.nanoTime();
                try {
                    return task.run(r, i);
                } finally {
                    spans[i][1] = System.nanoTime();
                }
            });
            check.check(r, results);
            if (maxInFlight(spans) >= 2) {
                hits++;
            }
        }
        System.out.println("[dsbench] " + rule + ".races = " + hits + " racing rounds of " + threads + " threads in "
                + round + " rounds");
        return round;
    }

    /** The largest number of [start, end] intervals that contain one instant. */
    private static int maxInFlight(long[][] spans) {
        int max = 0;
        for (long[] a : spans) {
            int n = 0;
            for (long[] b : spans) {
                if (b[0] - a[0] <= 0 && a[0] - b[1] <= 0) {
                    n++;
                }
            }
            max = Math.max(max, n);
        }
        return max;
    }

    /** Work for one of the threads of {@link #concurrently}. */
    @FunctionalInterface
    protected interface ThreadTask<T> {
        /** Runs on thread {@code index} (0-based); may throw. */
        T run(int index) throws Exception;
    }

    /**
     * Runs {@code task} on {@code threads} threads (at most {@link #MAX_THREADS}) released together by a
     * latch, and returns their results by thread index. Fails if a thread throws (rethrowing its error)
     * or if they have not all finished within {@code timeout}; the threads are interrupted then.
     */
    protected <T> List<T> concurrently(int threads, Duration timeout, ThreadTask<T> task) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads = " + threads + " is out of range (legal range: 1.."
                    + MAX_THREADS + ")");
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dsbench-kit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.run(index);
                }));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError(threads + " threads did not all start within " + timeout);
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                long left = deadline - System.nanoTime();
                try {
                    results.add(futures.get(i).get(Math.max(left, 0), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("thread " + i + " of " + threads + " did not finish within " + timeout
                            + " (deadlock, lost wake-up, or a very slow backend?)");
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    if (cause instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new AssertionError("thread " + i + " failed: " + cause, cause);
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + threads + " threads", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
