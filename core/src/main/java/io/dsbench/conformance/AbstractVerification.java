package io.dsbench.conformance;

import io.dsbench.spi.Backend;
import io.dsbench.spi.Capability;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;

/**
 * Base of every kit class. A backend's test extends a kit class and implements {@link #openBackend()};
 * the kit opens the backend once per class and closes it afterwards through {@link #closeBackend}
 * (override it to keep a backend shared between classes).
 *
 * <p>Before each rule, its {@link ConformanceRule#requires() capabilities} are checked against the
 * backend's declared ones; a missing capability skips the rule ({@link CapabilityMissingException}) with a
 * message naming it. Rules that draw random numbers take them from {@link #seed()}, which records the seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractVerification {
    /** The backend under test, open for the whole class. */
    protected Backend backend;

    /** Timing for time-based rules. */
    protected final TestEnvironment env = TestEnvironment.fromEnvironment();

    /** Opens the backend under test. Called once per class. */
    protected abstract Backend openBackend();

    /** Closes the backend after the class; override to keep a shared backend open. */
    protected void closeBackend(Backend backend) {
        backend.close();
    }

    @BeforeAll
    final void openBackendForKit() {
        backend = openBackend();
        if (backend == null) {
            throw new IllegalStateException(getClass().getName() + ".openBackend() returned null");
        }
    }

    @AfterAll
    final void closeBackendForKit() {
        if (backend != null) {
            closeBackend(backend);
        }
    }

    /** The running rule's reporter (set before each rule), for {@link #seed()}. */
    private TestReporter reporter;
    private boolean seedPublished;

    @BeforeEach
    final void skipWithoutCapabilities(TestInfo info, TestReporter testReporter) {
        reporter = testReporter;
        seedPublished = false;
        Method m = info.getTestMethod().orElse(null);
        ConformanceRule rule = m == null ? null : m.getAnnotation(ConformanceRule.class);
        if (rule == null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Capability c : rule.requires()) {
            if (!backend.capabilities().contains(c)) {
                missing.add(c.name());
            }
        }
        if (!missing.isEmpty()) {
            throw new CapabilityMissingException("needs capability " + String.join(", ", missing)
                    + ", not declared by backend '" + backend.name() + "'");
        }
    }

    /**
     * The seed for a rule that draws random numbers ({@link TestEnvironment#seed()}); the first call in a rule
     * publishes it as the measurement {@code seed}, so the run records and prints it and {@code --seed} (or
     * {@code DSBENCH_SEED}) replays the same choices.
     */
    protected long seed() {
        long s = env.seed();
        if (!seedPublished && reporter != null) {
            seedPublished = true;
            Measurements.publish(reporter, "seed", Long.toString(s));
        }
        return s;
    }

    /** A name unique to this call, for namespaces, keys and services: rules never see each other's data. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** The most threads a kit rule may start. */
    protected static final int MAX_THREADS = 16;

    /**
     * The allowance for time-based rules: the backend's declared {@link io.dsbench.spi.BackendTiming#ttlTolerance()}
     * plus the kit's {@link TestEnvironment#slack()}. Shown in assertion messages.
     */
    protected Duration tolerance() {
        return backend.timing().ttlTolerance().plus(env.slack());
    }

    /**
     * A short TTL (or lease) for time-based rules: the largest of 300 ms (scaled), the backend's
     * {@link io.dsbench.spi.BackendTiming#minTtl()} and twice {@link #tolerance()}, so that "present until
     * TTL - tolerance" always checks a real window.
     */
    protected Duration shortTtl() {
        return max(max(env.scaled(Duration.ofMillis(300)), backend.timing().minTtl()), tolerance().multipliedBy(2));
    }

    /**
     * A TTL (or lease) that no rule outlives: 10 minutes, or the backend's minimum if larger. For rules that
     * are not about expiry.
     */
    protected Duration longTtl() {
        return max(Duration.ofMinutes(10), backend.timing().minTtl());
    }

    /** The larger of two durations. */
    protected static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Nanoseconds elapsed since {@code startNanos} (a {@link System#nanoTime()} reading), as a duration. */
    protected static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Lets wall-clock time pass. Only for rules whose subject is the passage of time (a TTL or lease must
     * run out, or a holder must stay paused); never used to wait for another thread or for a backend to
     * catch up, for which {@link TestEnvironment#await} exists.
     */
    protected static void letTimePass(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while letting time pass", e);
            }
        }
    }

    /**
     * Checks the expiry window of something written with a TTL (or lease): {@code alive} must hold on every
     * poll until TTL - {@link #tolerance()} after the write was <em>sent</em> ({@code sentNanos}), and must
     * stop holding by TTL + tolerance after the write <em>returned</em> ({@code returnedNanos}). Counting
     * from send for the lower bound and from return for the upper bound keeps the check correct however
     * long the write itself took; a poll counts against the lower bound only if it <em>finished</em> before
     * it, so a poll delayed by the machine (not the backend) is never blamed on the backend.
     *
     * @param what names the thing for messages, e.g. {@code "REG-3: instance a"}
     */
    protected void assertExpiryWindow(String what, long sentNanos, long returnedNanos, Duration ttl,
            BooleanSupplier alive) {
        Duration tol = tolerance();
        long earliestGone = sentNanos + ttl.minus(tol).toNanos();
        while (System.nanoTime() - earliestGone < 0) {
            boolean present = alive.getAsBoolean();
            long observedBy = System.nanoTime();
            if (!present) {
                if (observedBy - earliestGone < 0) {
                    throw new AssertionError(what + " was gone " + Duration.ofNanos(observedBy - sentNanos).toMillis()
                            + " ms after the write was sent; it must stay until TTL - tolerance = " + ttl.toMillis()
                            + " - " + tol.toMillis() + " = " + ttl.minus(tol).toMillis() + " ms");
                }
                break;
            }
            pause(Duration.ofMillis(5));
        }
        Duration goneWithin = ttl.plus(tol).minus(since(returnedNanos));
        if (!env.await(max(goneWithin, Duration.ZERO), () -> !alive.getAsBoolean())) {
            throw new AssertionError(what + " was still present " + since(returnedNanos).toMillis()
                    + " ms after the write returned; it must be gone by TTL + tolerance = " + ttl.toMillis() + " + "
                    + tol.toMillis() + " = " + ttl.plus(tol).toMillis() + " ms");
        }
    }

    /**
     * Whether something written (or renewed) at {@code sentNanos} with {@code ttl} must still be alive at
     * {@code observedNanos}: true while the observation finished before TTL - {@link #tolerance()}.
     */
    protected boolean mustBeAlive(long sentNanos, long observedNanos, Duration ttl) {
        return observedNanos - (sentNanos + ttl.minus(tolerance()).toNanos()) < 0;
    }

    /** The kit could not keep its own timing in one attempt of a time-based rule (the machine was too slow). */
    protected static final class KitTooSlow extends Exception {
        private static final long serialVersionUID = 1L;

        public KitTooSlow(String message) {
            super(message, null, false, false);
        }
    }

    /** One attempt of a time-based rule; throws {@link KitTooSlow} when the kit itself missed its timing. */
    @FunctionalInterface
    protected interface TimedAttempt {
        void run() throws KitTooSlow;
    }

    /**
     * Runs a time-based rule up to {@code attempts} times while the kit (not the backend) misses its own
     * timing, e.g. a heartbeat the test thread sent late on an overloaded machine. A backend failure fails at
     * once; if every attempt was spoiled by the kit, the rule fails saying so, with the advice to raise
     * {@code DSBENCH_TIMEOUT_SCALE}.
     */
    protected void withTimingAttempts(String rule, int attempts, TimedAttempt attempt) {
        List<String> spoiled = new ArrayList<>();
        for (int i = 1; i <= attempts; i++) {
            try {
                attempt.run();
                return;
            } catch (KitTooSlow e) {
                spoiled.add("attempt " + i + ": " + e.getMessage());
            }
        }
        throw new AssertionError(rule + ": the kit could not keep its own timing in " + attempts
                + " attempts (machine overloaded? raise DSBENCH_TIMEOUT_SCALE): " + spoiled);
    }

    /** Sleeps between two polls of a condition. */
    protected static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
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
