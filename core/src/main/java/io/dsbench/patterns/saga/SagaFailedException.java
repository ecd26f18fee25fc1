package io.dsbench.patterns.saga;

/** A saga did not complete; the message names the failing step and the reason. */
public final class SagaFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SagaResult result;

    public SagaFailedException(SagaResult result) {
        super(result.error().orElse("saga " + result.sagaName() + " (" + result.sagaId() + ") ended " + result.outcome()));
        this.result = result;
    }

    /** The saga's result. */
    public SagaResult result() {
        return result;
    }
}
