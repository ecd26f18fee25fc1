package io.dsbench.conformance;

/**
 * Thrown by a rule whose checker could not decide (e.g. the linearizability search hit its time limit or
 * memory bound): neither a pass nor a failure of the backend. {@code dsbench run} reports it as the outcome
 * {@code unknown}, with this message (which says why and where the evidence is).
 */
public final class VerdictUnknownException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VerdictUnknownException(String message) {
        super(message);
    }
}
