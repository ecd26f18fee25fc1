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
     * Records with {@code sequence >= fromSequence}, at most {@code maxRecords}, in order.
     *
     * @throws IllegalArgumentException if {@code fromSequence < 1} or {@code maxRecords < 1}
     */
    List<LogRecord> read(long fromSequence, int maxRecords);

    /** The sequence number of the last record, 0 if the log is empty. */
    long lastSequence();
}
