package io.dsbench.patterns.resilience;

import io.dsbench.spec.BackendException;

/**
 * An attempt run by {@link ResiliencePolicy} (directly or through
 * {@link io.dsbench.patterns.remote.RemoteCalls}) did not finish within its timeout and was cancelled. It may
 * have taken effect. A {@link BackendException} of kind {@code TIMEOUT}, distinct from a timeout reported by the
 * backend itself, so that callers (e.g. saga steps) can treat their own deadline as final.
 */
public final class CallTimeoutException extends BackendException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(String message, Throwable cause) {
        super(Kind.TIMEOUT, true, message, cause);
    }
}
