package io.dsbench.patterns.quorum;

import io.dsbench.spec.BackendException;

/**
 * A quorum operation did not get enough replica answers. The message says which phase failed, how many replicas
 * answered or acknowledged, how many were required, and why the others failed, e.g.
 * {@code "quorum put of key 'k' failed: 2 of 3 replicas acknowledged, 3 required (W=3); replica-2: UNAVAILABLE ..."}.
 *
 * <p>{@link #mayHaveTakenEffect()} is true when at least one replica acknowledged a write (or timed out): the
 * write may surface later through read repair, exactly like any indeterminate failure.
 */
public class QuorumException extends BackendException {
    private static final long serialVersionUID = 1L;

    private final int acknowledged;
    private final int required;
    private final int replicas;

    public QuorumException(Kind kind, boolean mayHaveTakenEffect, String message, int acknowledged, int required,
                           int replicas, Throwable cause) {
        super(kind, mayHaveTakenEffect, message, cause);
        this.acknowledged = acknowledged;
        this.required = required;
        this.replicas = replicas;
    }

    /** Replicas that acknowledged (or answered, for a read phase). */
    public int acknowledged() {
        return acknowledged;
    }

    /** Acknowledgements required (W or R). */
    public int required() {
        return required;
    }

    /** Replicas (N). */
    public int replicas() {
        return replicas;
    }
}
