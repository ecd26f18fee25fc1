package io.dsbench.patterns.remote;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Timeout per attempt plus retry with exponential backoff and jitter around a remote call.
 *
 * <p>An attempt that does not finish within {@link Settings#timeout()} is cancelled (its thread is
 * interrupted) and counts as a {@link BackendException.Kind#TIMEOUT} that
 * {@linkplain BackendException#mayHaveTakenEffect() may have taken effect} ({@link CallTimeoutException}). Failures for which
 * {@link #isRetryable(Throwable)} holds (unavailable or timed-out backends, timeouts) are retried up to
 * {@link Settings#maxAttempts()} attempts in all, waiting {@code initialBackoff * multiplier^(n-1)} with a
 * random factor of +-{@code jitter} between attempts (capped at {@code maxBackoff}); any other failure is
 * thrown at once. After the last attempt the last failure is thrown unchanged.
 *
 * <p>Thread-safe and cheap to share. Attempts run on a shared pool of daemon threads (so a hung call can be
 * abandoned); the pool grows with concurrent calls up to 256 threads (beyond that an attempt fails as a
 * retryable UNAVAILABLE) and idles threads out after 30 s.
 */
public final class RemoteCalls {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int MAX_THREADS = 256;
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "dsbench-remote-call-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final Settings settings;
    private final Predicate<Throwable> retryable;
    private final RetryConfig retryConfig;
    private final TimeLimiter timeLimiter;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    private RemoteCalls(Settings settings, Predicate<Throwable> retryable) {
        this.settings = settings;
        this.retryable = retryable;
        this.retryConfig = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                        settings.multiplier(), settings.jitter(), settings.maxBackoff()))
                .retryOnException(t -> !(t instanceof ErrorCarrier) && retryable.test(t))
                .failAfterMaxAttempts(false)
                .build();
        this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** A policy with {@code settings} that retries {@link #isRetryable(Throwable) retryable} failures. */
    public static RemoteCalls of(Settings settings) {
        return new RemoteCalls(Checks.requireNonNull("settings", settings), RemoteCalls::isRetryable);
    }

    /** A policy with {@code settings} and a custom retry predicate. */
    public static RemoteCalls of(Settings settings, Predicate<Throwable> retryable) {
        return new RemoteCalls(Checks.requireNonNull("settings", settings), Checks.requireNonNull("retryable", retryable));
    }

    /** {@link Settings#defaults()}. */
    public static RemoteCalls defaults() {
        return of(Settings.defaults());
    }

    /** The settings of this policy. */
    public Settings settings() {
        return settings;
    }

    /** Attempts made so far through this policy (first tries and retries). */
    public long attempts() {
        return attempts.get();
    }

    /** Retries made so far (attempts after a failed one). */
    public long retries() {
        return retries.get();
    }

    /**
     * Whether a failure is worth retrying: a {@link BackendException} of kind UNAVAILABLE or TIMEOUT, or a
     * {@link TimeoutException}. Errors, interruptions and everything else are not.
     */
    public static boolean isRetryable(Throwable t) {
        if (t instanceof BackendException b) {
            return b.kind() == BackendException.Kind.UNAVAILABLE || b.kind() == BackendException.Kind.TIMEOUT;
        }
        return t instanceof TimeoutException;
    }

    /**
     * Runs {@code body} under the timeout and retry policy.
     *
     * @param operation a name for messages, e.g. {@code "saga order step 2 'charge' execute"}
     * @throws Exception the last failure (a timeout is a {@link BackendException} of kind TIMEOUT); an
     *                   {@link Error} thrown by the body is rethrown at once, unwrapped
     */
    public <T> T call(String operation, Callable<T> body) throws Exception {
        Checks.requireKey("operation", operation);
        Checks.requireNonNull("body", body);
        Retry retry = Retry.of(operation, retryConfig);
        AtomicInteger tries = new AtomicInteger();
        Callable<T> attempt = () -> {
            if (tries.getAndIncrement() > 0) {
                retries.incrementAndGet();
            }
            attempts.incrementAndGet();
            return attemptOnce(operation, body);
        };
        try {
            return Retry.decorateCallable(retry, attempt).call();
        } catch (ErrorCarrier e) {
            throw e.error;
        }
    }

    /** {@link #call} for bodies that throw only unchecked exceptions; a checked failure is wrapped. */
    public <T> T callUnchecked(String operation, Callable<T> body) {
        try {
            return call(operation, body);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(BackendException.Kind.ERROR, true, operation + " interrupted", e);
        } catch (Exception e) {
            throw new BackendException(BackendException.Kind.ERROR, true, operation + " failed: " + e, e);
        }
    }

    private <T> T attemptOnce(String operation, Callable<T> body) throws Exception {
        try {
            return timeLimiter.executeFutureSupplier(() -> POOL.submit(() -> {
                try {
                    return body.call();
                } catch (Error e) {
                    throw new ErrorCarrier(e);
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, operation
                    + " not started: " + MAX_THREADS + " remote calls are already running in this JVM", e);
        } catch (TimeoutException e) {
            throw new CallTimeoutException(operation + " timed out after " + settings.timeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ErrorCarrier carrier) {
                throw carrier;
            }
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Carries an Error (e.g. a simulated crash) through resilience4j without it being retried or wrapped. */
    private static final class ErrorCarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Error error;

        ErrorCarrier(Error error) {
            super(error.toString(), error, false, false);
            this.error = error;
        }
    }

    /**
     * Timeout and retry settings.
     *
     * @param timeout        limit per attempt (&gt; 0)
     * @param maxAttempts    attempts in all, including the first (1..100)
     * @param initialBackoff wait before the first retry (&gt; 0)
     * @param multiplier     growth of the wait per retry (1..10)
     * @param jitter         random factor applied to each wait, 0 (none) to 1 exclusive (+-100%)
     * @param maxBackoff     cap on a single wait (&gt;= initialBackoff)
     */
    public record Settings(Duration timeout, int maxAttempts, Duration initialBackoff, double multiplier,
            double jitter, Duration maxBackoff) {
        public Settings {
            Checks.requirePositive("timeout", timeout);
            Checks.requireRange("maxAttempts", maxAttempts, 1, 100);
            Checks.requirePositive("initialBackoff", initialBackoff);
            if (!(multiplier >= 1 && multiplier <= 10)) {
                throw new IllegalArgumentException("multiplier = " + multiplier + " is out of range (legal range: 1..10)");
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter = " + jitter + " is out of range (legal range: 0..1, 1 excluded)");
            }
            Checks.requirePositive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff = " + maxBackoff
                        + " is out of range (legal range: >= initialBackoff = " + initialBackoff + ")");
            }
        }

        /** Timeout 5 s, 4 attempts, backoff 50 ms doubling with 50% jitter, capped at 2 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), 4, Duration.ofMillis(50), 2.0, 0.5, Duration.ofSeconds(2));
        }

        /** A copy with another timeout. */
        public Settings withTimeout(Duration newTimeout) {
            return new Settings(newTimeout, maxAttempts, initialBackoff, multiplier, jitter, maxBackoff);
        }

        /** A copy with another number of attempts. */
        public Settings withMaxAttempts(int attempts) {
            return new Settings(timeout, attempts, initialBackoff, multiplier, jitter, maxBackoff);
        }

        /** A copy with another initial backoff (the cap grows to it if needed). */
        public Settings withInitialBackoff(Duration backoff) {
            Duration cap = maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff;
            return new Settings(timeout, maxAttempts, backoff, multiplier, jitter, cap);
        }
    }
}
