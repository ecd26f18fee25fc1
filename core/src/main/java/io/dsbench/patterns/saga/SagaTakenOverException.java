package io.dsbench.patterns.saga;

/**
 * This orchestrator stopped running a saga because another orchestrator (typically a recovery that took the
 * saga for abandoned) wrote to the saga's log first: its next record was fenced off (see
 * {@link SagaOrchestrator}, "One owner per saga"). This orchestrator made no further call for the saga; the
 * other one decides and logs the outcome. Read it from the log ({@link SagaLog#states}) when needed.
 */
public final class SagaTakenOverException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String sagaId;
    private final long sequence;

    public SagaTakenOverException(String sagaId, long sequence, String message) {
        super(message);
        this.sagaId = sagaId;
        this.sequence = sequence;
    }

    /** The saga. */
    public String sagaId() {
        return sagaId;
    }

    /** The log position of the other orchestrator's record that fenced this one off. */
    public long sequence() {
        return sequence;
    }
}
