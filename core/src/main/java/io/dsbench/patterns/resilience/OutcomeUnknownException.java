package io.dsbench.patterns.resilience;

import io.dsbench.spec.BackendException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A call made under a {@link ResiliencePolicy} did not succeed, and <b>at least one of its attempts may have taken
 * effect</b>: it timed out (the policy's own deadline, a {@link CallTimeoutException}), failed with a
 * {@link BackendException} whose {@link BackendException#mayHaveTakenEffect()} is true, with a
 * {@link TimeoutException}, or was interrupted. Which attempt failed how is in {@link #failures()}.
 *
 * <p>What it means to a caller: the operation may have happened once (or, for a non-idempotent operation, more
 * than once), or not at all, and nothing the caller saw says which. It must never be treated as a clean failure:
 * a saga compensates a step whose call ended like this; a 2PC coordinator counts such a prepare as a no vote
 * whose participant may be prepared (the abort it then sends releases it) and keeps resending a decision whose
 * acknowledgement is unknown; a quorum store counts such a replica write as possibly landed. The outcome stays
 * unknown even when a later attempt failed definitely: the earlier attempt may still have landed.
 *
 * <p>Checked on purpose: {@link ResiliencePolicy#callChecked} and
 * {@link io.dsbench.patterns.remote.RemoteCalls#call} declare it, so callers must decide what an unknown outcome
 * means for them. {@link ResiliencePolicy#call} (unchecked) reports the same situation as a
 * {@link BackendException} with {@code mayHaveTakenEffect() == true} ({@link #asBackendException()}).
 */
public final class OutcomeUnknownException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient List<Exception> failures;

    /**
     * @param operation the call's name
     * @param failures  every failed attempt's exception, in order (at least one); the last is the cause
     */
    public OutcomeUnknownException(String operation, List<Exception> failures) {
        super(message(operation, failures), failures.get(failures.size() - 1));
        this.operation = operation;
        this.failures = List.copyOf(failures);
    }

    private static String message(String operation, List<Exception> failures) {
        StringBuilder b = new StringBuilder(operation).append(": outcome unknown after ").append(failures.size())
                .append(failures.size() == 1 ? " attempt" : " attempts").append(" (may have taken effect)");
        for (int i = 0; i < failures.size(); i++) {
            Exception e = failures.get(i);
            b.append("; attempt ").append(i + 1).append(isUnknown(e) ? " (unknown outcome): " : ": ")
                    .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return b.toString();
    }

    /**
     * Whether one attempt's failure leaves its outcome unknown: a {@link BackendException} that may have taken
     * effect (timeouts included), a {@link TimeoutException} or an {@link InterruptedException}.
     */
    public static boolean isUnknown(Throwable t) {
        return t instanceof OutcomeUnknownException
                || (t instanceof BackendException b && b.mayHaveTakenEffect())
                || t instanceof TimeoutException
                || t instanceof InterruptedException;
    }

    /** The call's name. */
    public String operation() {
        return operation;
    }

    /** Every failed attempt's exception, in attempt order; at least one of them {@link #isUnknown is unknown}. */
    public List<Exception> failures() {
        return failures;
    }

    /** Attempts made. */
    public int attempts() {
        return failures.size();
    }

    /** Whether one of the attempts ran out of time (its own deadline or a backend timeout). */
    public boolean timedOut() {
        return failures.stream().anyMatch(f -> f instanceof TimeoutException
                || (f instanceof BackendException b && b.kind() == BackendException.Kind.TIMEOUT));
    }

    /**
     * The same fact as an unchecked {@link BackendException} with {@code mayHaveTakenEffect() == true}: the last
     * failure itself when it already says so (earlier failures added as suppressed), else a new one of kind
     * TIMEOUT (when an attempt timed out) or ERROR, with this exception as its cause.
     */
    public BackendException asBackendException() {
        Exception last = failures.get(failures.size() - 1);
        if (last instanceof BackendException b && b.mayHaveTakenEffect()) {
            for (int i = 0; i < failures.size() - 1; i++) {
                b.addSuppressed(failures.get(i));
            }
            return b;
        }
        return new BackendException(timedOut() ? BackendException.Kind.TIMEOUT : BackendException.Kind.ERROR, true,
                getMessage(), this);
    }
}
