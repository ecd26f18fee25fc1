package io.dsbench.patterns.resilience;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.opentelemetry.context.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * How a pattern makes one remote call: an optional per-attempt timeout and up to {@code maxAttempts} attempts
 * separated by exponential backoff with jitter. Immutable and thread-safe; one instance is meant to be shared by
 * all calls of a run.
 *
 * <h2>Semantics of {@link #call(String, Callable)}</h2>
 * <ol>
 *   <li>An attempt runs the callable. With an {@linkplain Builder#attemptTimeout(Duration) attempt timeout} it runs
 *       on a shared daemon thread (the caller's OpenTelemetry context is carried over) and is interrupted when the
 *       timeout passes; the attempt then fails with a {@link CallTimeoutException} (a {@link BackendException} of
 *       kind {@code TIMEOUT} with {@code mayHaveTakenEffect() == true}). Without a timeout it runs on the caller's
 *       thread. The shared pool grows with concurrent timed attempts up to {@value #MAX_THREADS} threads (beyond
 *       that an attempt fails at once as a {@code BackendException} of kind {@code UNAVAILABLE} that did not take
 *       effect) and idles threads out after 30 s.</li>
 *   <li>A failed attempt is retried when the {@linkplain Builder#retryOn(Predicate) retry predicate} accepts the
 *       exception (default: {@link #isTransient(Throwable)}, i.e. {@code BackendException} of kind
 *       {@code UNAVAILABLE} or {@code TIMEOUT}) and attempts remain. Before attempt {@code k+1} the caller waits
 *       {@code min(maxBackoff, initialBackoff * multiplier^(k-1))}, randomised by {@code +-jitter} (a jitter of
 *       0.5 means a uniformly drawn value in [0.5x, 1.5x]).</li>
 *   <li>When no attempt succeeds and <b>any</b> attempt's outcome was unknown (it timed out, or failed with a
 *       {@code BackendException} that may have taken effect: {@link OutcomeUnknownException#isUnknown}), the
 *       call's outcome is unknown, even if the last attempt failed cleanly: an earlier attempt may have landed.
 *       {@link #callChecked(String, Callable)} then throws the checked {@link OutcomeUnknownException} (every
 *       attempt's failure in it), and {@code call} a {@code BackendException} with
 *       {@code mayHaveTakenEffect() == true}.</li>
 *   <li>When every attempt failed cleanly the last exception is thrown: runtime exceptions unchanged, checked
 *       exceptions wrapped in a {@code BackendException} of kind {@code ERROR} (with
 *       {@code mayHaveTakenEffect() == true}, since nothing is known). {@link #callChecked(String, Callable)}
 *       throws checked exceptions unwrapped instead.</li>
 *   <li>An {@link Error} thrown by the callable (e.g. a simulated crash) is never retried and is rethrown
 *       unchanged.</li>
 * </ol>
 *
 * <p><b>Idempotency.</b> Retrying a call whose first attempt timed out may apply it twice. Only use the default
 * predicate for calls that are idempotent (reads, writes of a fixed value, puts of a fixed envelope); for others
 * pass {@code retryOn(t -> t instanceof BackendException b && !b.mayHaveTakenEffect())}.
 *
 * <h2>Defaults and legal ranges</h2>
 * <table>
 *   <caption>builder settings</caption>
 *   <tr><th>setting</th><th>default</th><th>legal range</th></tr>
 *   <tr><td>attemptTimeout</td><td>{@value #DEFAULT_ATTEMPT_TIMEOUT_MS} ms</td><td>&gt; 0, or none</td></tr>
 *   <tr><td>maxAttempts</td><td>{@value #DEFAULT_MAX_ATTEMPTS}</td><td>1..100</td></tr>
 *   <tr><td>initialBackoff</td><td>{@value #DEFAULT_INITIAL_BACKOFF_MS} ms</td><td>&gt; 0</td></tr>
 *   <tr><td>maxBackoff</td><td>{@value #DEFAULT_MAX_BACKOFF_MS} ms</td><td>&gt;= initialBackoff</td></tr>
 *   <tr><td>multiplier</td><td>{@value #DEFAULT_MULTIPLIER}</td><td>1.0..10.0</td></tr>
 *   <tr><td>jitter</td><td>{@value #DEFAULT_JITTER}</td><td>0.0..0.99</td></tr>
 * </table>
 * Every setter validates eagerly and throws {@link IllegalArgumentException} naming the field, the value and the
 * legal range.
 */
public final class ResiliencePolicy {
    /** Default per-attempt timeout in milliseconds. */
    public static final long DEFAULT_ATTEMPT_TIMEOUT_MS = 2_000;
    /** Default number of attempts (first call included). */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Default wait before the second attempt, in milliseconds. */
    public static final long DEFAULT_INITIAL_BACKOFF_MS = 20;
    /** Default cap on the wait between attempts, in milliseconds. */
    public static final long DEFAULT_MAX_BACKOFF_MS = 1_000;
    /** Default backoff growth factor. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Default jitter (randomisation factor). */
    public static final double DEFAULT_JITTER = 0.5;

    private static final ResiliencePolicy DEFAULTS = custom().build();
    private static final ResiliencePolicy NONE = custom().maxAttempts(1).withoutAttemptTimeout().build();

    /** The most timed attempts running at once in this JVM. */
    public static final int MAX_THREADS = 256;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService TIMED_CALLS = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "dsbench-resilience-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final Duration attemptTimeout; // null = none
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final double multiplier;
    private final double jitter;
    private final Predicate<Throwable> retryOn;
    private final Retry retry;
    private final TimeLimiter timeLimiter; // null when no timeout

    private ResiliencePolicy(Builder b) {
        this.attemptTimeout = b.attemptTimeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.retryOn = b.retryOn;
        IntervalFunction interval = jitter == 0.0
                ? IntervalFunction.ofExponentialBackoff(initialBackoff, multiplier, maxBackoff)
                : IntervalFunction.ofExponentialRandomBackoff(initialBackoff, multiplier, jitter, maxBackoff);
        this.retry = Retry.of("dsbench", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(interval)
                .retryOnException(retryOn::test)
                .build());
        this.timeLimiter = attemptTimeout == null ? null
                : TimeLimiter.of(TimeLimiterConfig.custom()
                        .timeoutDuration(attemptTimeout)
                        .cancelRunningFuture(true)
                        .build());
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** A builder starting from {@code base}'s settings. */
    public static Builder from(ResiliencePolicy base) {
        Objects.requireNonNull(base, "base");
        Builder b = new Builder();
        b.attemptTimeout = base.attemptTimeout;
        b.maxAttempts = base.maxAttempts;
        b.initialBackoff = base.initialBackoff;
        b.maxBackoff = base.maxBackoff;
        b.multiplier = base.multiplier;
        b.jitter = base.jitter;
        b.retryOn = base.retryOn;
        return b;
    }

    /** The default policy (see the class javadoc). */
    public static ResiliencePolicy ofDefaults() {
        return DEFAULTS;
    }

    /** One attempt, no timeout: the callable runs exactly once on the caller's thread. */
    public static ResiliencePolicy none() {
        return NONE;
    }

    /**
     * The default retry predicate: a {@link BackendException} of kind {@code UNAVAILABLE} or {@code TIMEOUT}.
     * Authentication failures and server errors are not transient and are not retried.
     */
    public static boolean isTransient(Throwable t) {
        return t instanceof BackendException b
                && (b.kind() == BackendException.Kind.UNAVAILABLE || b.kind() == BackendException.Kind.TIMEOUT);
    }

    /**
     * Runs {@code callable} under this policy.
     *
     * @param operation a short name for messages (e.g. {@code "quorum.put replica-2"})
     * @return the callable's result from the first successful attempt
     * @throws BackendException with {@code mayHaveTakenEffect() == true} when any attempt's outcome was unknown
     *         ({@link OutcomeUnknownException#asBackendException()}: the last failure itself when it says so, else
     *         a new one whose cause is the {@link OutcomeUnknownException}); otherwise the last attempt's runtime
     *         exception unchanged, or a {@code BackendException} wrapping a checked exception
     */
    public <T> T call(String operation, Callable<T> callable) {
        try {
            return callChecked(operation, callable);
        } catch (OutcomeUnknownException e) {
            throw e.asBackendException();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.ERROR, true, operation + " was interrupted", e);
        } catch (Exception e) {
            throw new BackendException(BackendException.Kind.ERROR, true, operation + " failed: " + e, e);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new BackendException(BackendException.Kind.ERROR, true, operation + " failed: " + t, t);
        }
    }

    /**
     * {@link #call(String, Callable)} for callables whose checked exceptions mean something to the caller.
     *
     * <p>When no attempt succeeded: if <em>any</em> attempt's outcome was unknown
     * ({@link OutcomeUnknownException#isUnknown}: it timed out, or failed in a way that may have taken effect),
     * the call's outcome is unknown and an {@link OutcomeUnknownException} listing every attempt's failure is
     * thrown, even when the last attempt failed cleanly; otherwise the last failure is thrown unchanged, checked
     * or not. An {@link Error} is rethrown at once, unwrapped, and never retried.
     *
     * @param operation a short name for messages (e.g. {@code "saga order step 2 'charge' execute"})
     * @return the callable's result from the first successful attempt
     * @throws OutcomeUnknownException when some attempt may have taken effect
     * @throws Exception the last failure, when every attempt failed cleanly
     */
    public <T> T callChecked(String operation, Callable<T> callable) throws OutcomeUnknownException, Exception {
        Checks.requireKey("operation", operation);
        Objects.requireNonNull(callable, "callable");
        Callable<T> timedAttempt = timeLimiter == null ? callable : timed(operation, callable);
        List<Exception> failures = new ArrayList<>();
        Callable<T> attempt = () -> {
            try {
                return timedAttempt.call();
            } catch (Exception e) {
                synchronized (failures) {
                    failures.add(e);
                }
                throw e;
            }
        };
        try {
            return Retry.decorateCallable(retry, attempt).call();
        } catch (Exception e) {
            List<Exception> all;
            synchronized (failures) {
                all = new ArrayList<>(failures);
            }
            if (all.isEmpty() || all.get(all.size() - 1) != e) {
                all.add(e);
            }
            if (all.stream().anyMatch(OutcomeUnknownException::isUnknown)) {
                throw new OutcomeUnknownException(operation, all);
            }
            throw e;
        }
    }

    private <T> Callable<T> timed(String operation, Callable<T> callable) {
        return () -> {
            Callable<T> withContext = Context.current().wrap(callable);
            try {
                return timeLimiter.executeFutureSupplier(() -> TIMED_CALLS.submit(withContext));
            } catch (RejectedExecutionException e) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, operation
                        + " not started: " + MAX_THREADS + " timed calls are already running in this JVM", e);
            } catch (TimeoutException e) {
                throw new CallTimeoutException(
                        operation + " timed out after " + attemptTimeout.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        };
    }

    /** The per-attempt timeout, empty when attempts are not timed. */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** The maximum number of attempts, first call included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the second attempt (before jitter). */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The cap on the wait between attempts (before jitter). */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** The backoff growth factor. */
    public double multiplier() {
        return multiplier;
    }

    /** The jitter (randomisation factor) applied to each wait. */
    public double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return "ResiliencePolicy{attemptTimeout=" + (attemptTimeout == null ? "none" : attemptTimeout)
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", multiplier=" + multiplier + ", jitter=" + jitter + "}";
    }

    /** Mutable, validating builder; not thread-safe. */
    public static final class Builder {
        private Duration attemptTimeout = Duration.ofMillis(DEFAULT_ATTEMPT_TIMEOUT_MS);
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = Duration.ofMillis(DEFAULT_INITIAL_BACKOFF_MS);
        private Duration maxBackoff = Duration.ofMillis(DEFAULT_MAX_BACKOFF_MS);
        private double multiplier = DEFAULT_MULTIPLIER;
        private double jitter = DEFAULT_JITTER;
        private Predicate<Throwable> retryOn = ResiliencePolicy::isTransient;

        private Builder() {
        }

        /** Per-attempt timeout; must be &gt; 0. */
        public Builder attemptTimeout(Duration timeout) {
            this.attemptTimeout = Checks.requirePositive("attemptTimeout", timeout);
            return this;
        }

        /** Attempts are not timed and run on the caller's thread. */
        public Builder withoutAttemptTimeout() {
            this.attemptTimeout = null;
            return this;
        }

        /** Attempts including the first; 1..100 (1 = no retry). */
        public Builder maxAttempts(int attempts) {
            this.maxAttempts = Checks.requireRange("maxAttempts", attempts, 1, 100);
            return this;
        }

        /** Wait before the second attempt; &gt; 0 and &lt;= maxBackoff (checked at {@link #build()}). */
        public Builder initialBackoff(Duration backoff) {
            this.initialBackoff = Checks.requirePositive("initialBackoff", backoff);
            return this;
        }

        /** Cap on any wait; &gt; 0 and &gt;= initialBackoff (checked at {@link #build()}). */
        public Builder maxBackoff(Duration backoff) {
            this.maxBackoff = Checks.requirePositive("maxBackoff", backoff);
            return this;
        }

        /** Growth factor of the wait; 1.0..10.0. */
        public Builder multiplier(double factor) {
            if (!(factor >= 1.0 && factor <= 10.0)) {
                throw new IllegalArgumentException(
                        "multiplier = " + factor + " is out of range (legal range: 1.0..10.0)");
            }
            this.multiplier = factor;
            return this;
        }

        /** Randomisation factor of each wait; 0.0..0.99 (0 = no jitter). */
        public Builder jitter(double factor) {
            if (!(factor >= 0.0 && factor <= 0.99)) {
                throw new IllegalArgumentException(
                        "jitter = " + factor + " is out of range (legal range: 0.0..0.99)");
            }
            this.jitter = factor;
            return this;
        }

        /** Which failures are retried (default {@link ResiliencePolicy#isTransient(Throwable)}). */
        public Builder retryOn(Predicate<Throwable> predicate) {
            this.retryOn = Checks.requireNonNull("retryOn", predicate);
            return this;
        }

        /**
         * The policy.
         *
         * @throws IllegalArgumentException when maxBackoff &lt; initialBackoff
         */
        public ResiliencePolicy build() {
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff = " + maxBackoff
                        + " is out of range (legal range: >= initialBackoff = " + initialBackoff + ")");
            }
            return new ResiliencePolicy(this);
        }
    }
}
