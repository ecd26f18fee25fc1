package io.dsbench.lin.kit;

/**
 * Hooks of the LIN-KV workload ({@link LinearizabilityVerification#kvWorkload}) for its fault variants: called by
 * every client thread; the defaults do nothing.
 */
public interface KvWorkloadHooks {
    /** No hooks: the plain LIN-KV workload. */
    KvWorkloadHooks NONE = new KvWorkloadHooks() {
    };

    /** After the client's {@code opsPerClient()} operations: whether to go on (bounded by 20 x as many). */
    default boolean keepGoing() {
        return false;
    }

    /** An operation returned. */
    default void completed() {
    }

    /** An operation threw (after it was recorded). */
    default void failed() {
    }

    /** The next mutation's reply will be lost. */
    default void lostReply() {
    }
}
