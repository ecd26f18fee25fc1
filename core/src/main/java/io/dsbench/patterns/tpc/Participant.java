package io.dsbench.patterns.tpc;

/**
 * A resource manager in two-phase commit, as the coordinator sees it (a remote service in practice).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #prepare}: vote. A yes is a promise: the participant has durably recorded the transaction's
 *       changes and will commit them if told to, even after a restart, and it keeps the transaction's locks
 *       until it learns the decision (it may not abort on its own: that is 2PC's blocking).</li>
 *   <li>{@link #commit} and {@link #abort} are idempotent: a repeated message has no further effect. An abort
 *       for a transaction never prepared is recorded, so that a late prepare of it votes no.</li>
 * </ul>
 * The coordinator calls these with a timeout and retries (see {@link TpcConfig}).
 */
public interface Participant {
    /** A unique id among the coordinator's participants. */
    String id();

    /** Phase one. */
    Vote prepare(String txId, byte[] payload) throws Exception;

    /** Phase two, commit decision. */
    void commit(String txId) throws Exception;

    /** Phase two, abort decision. */
    void abort(String txId) throws Exception;
}
