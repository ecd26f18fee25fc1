package io.dsbench.spec.log;

import java.util.List;

/**
 * An append-only log of byte records with gap-free sequence numbers 1, 2, 3, ...
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #append} returns the record's sequence number: one more than the previous record's. With
 *       concurrent appenders every record is present exactly once, in one total order, with no gaps.</li>
 *   <li>{@link #read} returns records from a position in sequence order; reading past the end is empty.</li>
 *   <li>{@link #appendAt} is the conditional form: it appends only if the record would get the expected
 *       sequence number, atomically with respect to every other append. Of any number of concurrent
 *       {@code appendAt} calls for the same sequence number at most one succeeds (exactly one if nothing else
 *       appended meanwhile); an {@link #append} racing with them takes the position or the next one. This is
 *       the fence of sagas and two-phase commit: read the log to its end, find no decision, append the decision
 *       at end + 1; an appender that lost the race re-reads and adopts whatever was logged.</li>
 *   <li>Records are never changed or removed.</li>
 *   <li>Whether records survive closing and reopening the backend is declared by
 *       {@link io.dsbench.spi.Capability#DURABLE}.</li>
 * </ul>
 * Thread-safe. An append that failed with a {@link io.dsbench.spec.BackendException} that
 * {@linkplain io.dsbench.spec.BackendException#mayHaveTakenEffect() may have taken effect} may or may not
 * be in the log: readers must tolerate that (sagas and 2PC make their records idempotent).
 */
public interface DurableLog {
    /** The log's name. */
    String name();

    /** Appends a record and returns its sequence number. */
    long append(byte[] payload);

    /**
     * Appends {@code payload} as record {@code sequence} if and only if the log's last sequence number is
     * {@code sequence - 1}, in one atomic step: no other append can come between the check and the write.
     * An {@code appendAt} that failed with a {@link io.dsbench.spec.BackendException} that may have taken effect
     * may or may not be in the log at {@code sequence}: read it to find out (records from different appenders
     * should differ, e.g. by a writer id, if the caller needs to tell them apart).
     *
     * @return true if the record was appended at {@code sequence}; false (nothing written) if the log's last
     *         sequence number was not {@code sequence - 1}
     * @throws IllegalArgumentException if {@code sequence < 1} or {@code payload} is null
     */
    boolean appendAt(long sequence, byte[] payload);

    /**
     * Records with {@code sequence >= fromSequence}, at most {@code maxRecords}, in order.
     *
     * @throws IllegalArgumentException if {@code fromSequence < 1} or {@code maxRecords < 1}
     */
    List<LogRecord> read(long fromSequence, int maxRecords);

    /** The sequence number of the last record, 0 if the log is empty. */
    long lastSequence();
}
