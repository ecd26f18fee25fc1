package io.dsbench.patterns.quorum;

import io.dsbench.spec.BackendException;

/**
 * A quorum operation did not get enough replica answers. The message says which phase failed, how many replicas
 * answered or acknowledged, how many were required, and why the others failed, e.g.
 * {@code "quorum put of key 'k' failed in the write phase: 2 of 3 replicas acknowledged, 3 required (W=3, ...);
 * 0 refused, 1 unknown; replica-2: TIMEOUT ..."}.
 *
 * <p>Every replica is counted in exactly one of three groups: {@link #acknowledged()} (it answered or took the
 * write), {@link #refused()} (it certainly did not take the write: unreachable before the call, or a conflict), and
 * {@link #unknown()} (no answer, a timeout, or an error after which the write may have landed, in any attempt of
 * the call policy's retries). {@link #mayHaveTakenEffect()} is true for a write when any replica acknowledged or is
 * unknown: the write may surface later through read repair, exactly like any indeterminate failure. Only a write
 * that every replica refused is a clean failure.
 */
public class QuorumException extends BackendException {
    private static final long serialVersionUID = 1L;

    private final int acknowledged;
    private final int refused;
    private final int unknown;
    private final int required;
    private final int replicas;

    /**
     * @param acknowledged replicas that answered (a read) or acknowledged (a write)
     * @param refused      replicas that certainly did not apply the request
     * @param unknown      replicas whose outcome is unknown
     */
    public QuorumException(Kind kind, boolean mayHaveTakenEffect, String message, int acknowledged, int refused,
                           int unknown, int required, int replicas, Throwable cause) {
        super(kind, mayHaveTakenEffect, message, cause);
        this.acknowledged = acknowledged;
        this.refused = refused;
        this.unknown = unknown;
        this.required = required;
        this.replicas = replicas;
    }

    /** Replicas that acknowledged (or answered, for a read phase). */
    public int acknowledged() {
        return acknowledged;
    }

    /** Replicas that certainly did not apply the request (refused before it reached them, or a conflict). */
    public int refused() {
        return refused;
    }

    /** Replicas whose outcome is unknown (no answer in time, a timeout, or a failure after which it may have applied). */
    public int unknown() {
        return unknown;
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
