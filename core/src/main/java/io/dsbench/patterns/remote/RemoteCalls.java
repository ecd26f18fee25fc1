package io.dsbench.patterns.remote;

import io.dsbench.patterns.resilience.CallTimeoutException;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Timeout per attempt plus retry with exponential backoff and jitter around a remote call, as a
 * {@link ResiliencePolicy} with the numbers of a {@link Settings} record and a retry predicate.
 *
 * <p>An attempt that does not finish within {@link Settings#timeout()} is cancelled (its thread is
 * interrupted) and counts as a {@link BackendException.Kind#TIMEOUT} that
 * {@linkplain BackendException#mayHaveTakenEffect() may have taken effect} ({@link CallTimeoutException}). Failures for which
 * {@link #isRetryable(Throwable)} holds (unavailable or timed-out backends, timeouts) are retried up to
 * {@link Settings#maxAttempts()} attempts in all, waiting {@code initialBackoff * multiplier^(n-1)} with a
 * random factor of +-{@code jitter} between attempts (capped at {@code maxBackoff}); any other failure is
 * thrown at once. When no attempt succeeded and any attempt's outcome was unknown (a timeout, a failure that
 * may have taken effect), {@link #call} throws the checked {@link OutcomeUnknownException}, even if the last
 * attempt failed cleanly; otherwise the last failure is thrown unchanged.
 *
 * <p>Its settings can come from the suite-wide {@link ResiliencePolicy} ({@link #from(ResiliencePolicy)}),
 * so a run configures timeouts and retries in one place, and every call runs through
 * {@link ResiliencePolicy#callChecked(String, Callable)}: a distinct {@link CallTimeoutException} for its own
 * deadline, checked exceptions passed through unwrapped by {@link #call} (a step's definite failure must not
 * look like a "may have taken effect" one), and Errors (simulated crashes) never retried. What this class adds
 * is the {@link Settings} record the saga and 2PC configurations are made of, a default predicate that also
 * retries {@link TimeoutException}, and attempt counters.
 *
 * <p>Thread-safe and cheap to share. Attempts run on the policy's shared pool of daemon threads (so a hung
 * call can be abandoned); see {@link ResiliencePolicy} for its bound.
 */
public final class RemoteCalls {
    private final Settings settings;
    private final ResiliencePolicy policy;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    private RemoteCalls(Settings settings, Predicate<Throwable> retryable) {
        this.settings = settings;
        this.policy = ResiliencePolicy.custom()
                .attemptTimeout(settings.timeout())
                .maxAttempts(settings.maxAttempts())
                .initialBackoff(settings.initialBackoff())
                .maxBackoff(settings.maxBackoff())
                .multiplier(settings.multiplier())
                .jitter(settings.jitter())
                .retryOn(retryable)
                .build();
    }

    /** A policy with {@code settings} that retries {@link #isRetryable(Throwable) retryable} failures. */
    public static RemoteCalls of(Settings settings) {
        return new RemoteCalls(Checks.requireNonNull("settings", settings), RemoteCalls::isRetryable);
    }

    /** A policy with {@code settings} and a custom retry predicate. */
    public static RemoteCalls of(Settings settings, Predicate<Throwable> retryable) {
        return new RemoteCalls(Checks.requireNonNull("settings", settings), Checks.requireNonNull("retryable", retryable));
    }

    /**
     * A policy with the timeout and backoff settings of the suite-wide {@code policy} (see
     * {@link Settings#from}) and this class's retry predicate.
     */
    public static RemoteCalls from(ResiliencePolicy policy) {
        return of(Settings.from(policy));
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
     * Whether a failure is worth retrying: a {@link BackendException} of kind UNAVAILABLE or TIMEOUT
     * ({@link ResiliencePolicy#isTransient(Throwable)}), or a {@link TimeoutException}. Errors, interruptions
     * and everything else are not.
     */
    public static boolean isRetryable(Throwable t) {
        return ResiliencePolicy.isTransient(t) || t instanceof TimeoutException;
    }

    /**
     * Runs {@code body} under the timeout and retry policy.
     *
     * @param operation a name for messages, e.g. {@code "saga order step 2 'charge' execute"}
     * @throws OutcomeUnknownException when an attempt may have taken effect (its own timeout included): the
     *                   caller must treat the operation as possibly done
     * @throws Exception the last failure when every attempt failed cleanly; an {@link Error} thrown by the body
     *                   is rethrown at once, unwrapped
     */
    public <T> T call(String operation, Callable<T> body) throws OutcomeUnknownException, Exception {
        Checks.requireKey("operation", operation);
        return policy.callChecked(operation, counted(body));
    }

    /**
     * {@link #call} for bodies that throw only unchecked exceptions; a checked failure is wrapped, and an unknown
     * outcome is a {@link BackendException} with {@code mayHaveTakenEffect() == true}.
     */
    public <T> T callUnchecked(String operation, Callable<T> body) {
        Checks.requireKey("operation", operation);
        return policy.call(operation, counted(body));
    }

    private <T> Callable<T> counted(Callable<T> body) {
        Checks.requireNonNull("body", body);
        AtomicBoolean first = new AtomicBoolean(true);
        return () -> {
            if (!first.getAndSet(false)) {
                retries.incrementAndGet();
            }
            attempts.incrementAndGet();
            return body.call();
        };
    }

    /**
     * Timeout and retry settings.
     *
     * @param timeout        limit per attempt (&gt; 0)
     * @param maxAttempts    attempts in all, including the first (1..100)
     * @param initialBackoff wait before the first retry (&gt; 0)
     * @param multiplier     growth of the wait per retry (1..10)
     * @param jitter         random factor applied to each wait, 0 (none) to 0.99 (+-99%)
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
            if (!(jitter >= 0 && jitter <= 0.99)) {
                throw new IllegalArgumentException("jitter = " + jitter + " is out of range (legal range: 0.0..0.99)");
            }
            Checks.requirePositive("maxBackoff", maxBackoff);
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff = " + maxBackoff
                        + " is out of range (legal range: >= initialBackoff = " + initialBackoff + ")");
            }
        }

        /**
         * The settings of a suite-wide {@link ResiliencePolicy}: its attempt timeout, attempts, backoff,
         * multiplier, jitter and cap. A policy without an attempt timeout gets the {@linkplain #defaults()
         * default} timeout: these patterns never make an untimed remote call. (The policy's retry predicate is
         * not carried over: each pattern decides which of its calls are safe to retry.)
         */
        public static Settings from(ResiliencePolicy policy) {
            Checks.requireNonNull("policy", policy);
            return new Settings(policy.attemptTimeout().orElse(defaults().timeout()), policy.maxAttempts(),
                    policy.initialBackoff(), policy.multiplier(), policy.jitter(), policy.maxBackoff());
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
