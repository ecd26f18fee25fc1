package io.dsbench.conformance;

import io.dsbench.spi.Backend;
import io.dsbench.spi.Capability;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every kit class. The usual way to run kit classes is a {@link KitSuite}: one class per backend that
 * runs every kit class as a {@code @Nested} class bound to the suite's backend. A kit class can also be
 * extended directly (for a special set-up, e.g. a server restarted by LOG-4): override {@link #openBackend()};
 * the kit opens the backend once per class and closes it afterwards through {@link #closeBackend}
 * (override it to keep a backend shared between classes).
 *
 * <p>Before each rule, its {@link ConformanceRule#requires() capabilities} are checked against the
 * backend's declared ones; a missing capability skips the rule ({@link CapabilityMissingException}) with a
 * message naming it. Rules that draw random numbers take them from {@link #seed()}, which records the seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(KitSuite.ScopeCondition.class)
public abstract class AbstractVerification extends KitThreads {
    /** The backend under test, open for the whole class. */
    protected Backend backend;

    /** The suite this kit class runs in, when it is one of a {@link KitSuite}'s nested classes. */
    private KitSuite suite;

    /**
     * Binds this kit class to {@code suite}: the backend then comes from {@link KitSuite#openBackend()}, opened
     * once for all kit classes of the suite. Called by the suite's nested classes.
     */
    protected final void bindTo(KitSuite suite) {
        this.suite = java.util.Objects.requireNonNull(suite, "suite");
    }

    /** The suite this kit class runs in, if any. */
    protected final java.util.Optional<KitSuite> suite() {
        return java.util.Optional.ofNullable(suite);
    }

    /**
     * Opens the backend under test. Called once per class. In a {@link KitSuite}, returns the suite's shared
     * backend; a kit class extended directly must override it.
     */
    protected Backend openBackend() {
        if (suite == null) {
            throw new IllegalStateException(getClass().getName() + " has no backend: override openBackend(), or run"
                    + " it as a @Nested class of a KitSuite");
        }
        return suite.sharedBackend();
    }

    /**
     * Closes the backend after the class; override to keep a shared backend open. In a {@link KitSuite}, the
     * suite's shared backend is left to the suite (closed after every kit class ran); another instance (e.g.
     * one LOG-4 reopened) is closed.
     */
    protected void closeBackend(Backend backend) {
        if (suite == null || !suite.isShared(backend)) {
            backend.close();
        }
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

    /**
     * The backend's declared {@link io.dsbench.spi.BackendTiming#ttlTolerance()}: how far expiry may deviate
     * from a TTL or lease, either way. Time-based rules check exactly this; the kit's own lateness is
     * measured separately ({@link TestEnvironment#kitLateness}) and only what was measured is discounted.
     */
    protected Duration tolerance() {
        return backend.timing().ttlTolerance();
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
     * stop holding by TTL + tolerance after the write <em>returned</em> ({@code returnedNanos}), where the
     * tolerance is the backend's declared one. Counting from send for the lower bound and from return for the
     * upper bound keeps the check correct however long the write itself took; a poll counts against the lower
     * bound only if it <em>finished</em> before it, and against the upper bound only if it <em>started</em>
     * after it plus the kit's own lateness measured meanwhile, so a poll delayed by the machine (not the
     * backend) is never blamed on the backend.
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
        TestEnvironment.Waited gone = env.awaitWithin(returnedNanos, ttl.plus(tol), () -> !alive.getAsBoolean());
        if (!gone.held()) {
            throw new AssertionError(what + " was still present " + gone.describe(ttl.plus(tol))
                    + " after the write returned; it must be gone by TTL + tolerance = " + ttl.toMillis() + " + "
                    + tol.toMillis() + " = " + ttl.plus(tol).toMillis() + " ms");
        }
    }

    /**
     * Asserts that {@code condition} holds within {@code bound} after {@code startNanos}, allowing only the
     * kit's own lateness measured meanwhile ({@link TestEnvironment#awaitWithin}).
     *
     * @param what names the expectation for the message, e.g. {@code "LOCK-4: lock free after the lease"}
     */
    protected void assertWithin(String what, long startNanos, Duration bound, BooleanSupplier condition) {
        TestEnvironment.Waited w = env.awaitWithin(startNanos, bound, condition);
        if (!w.held()) {
            throw new AssertionError(what + ": not yet " + w.describe(bound));
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
}
