package io.dsbench.patterns.caching;

/**
 * {@link WriteBehind#close()} could not store every pending write. {@link #loss()} says exactly which writes
 * were lost.
 */
public final class WriteBehindException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient WriteBehindLoss loss;

    public WriteBehindException(WriteBehindLoss loss) {
        super(loss.describe());
        this.loss = loss;
    }

    /** The writes that never reached the store. */
    public WriteBehindLoss loss() {
        return loss;
    }
}
