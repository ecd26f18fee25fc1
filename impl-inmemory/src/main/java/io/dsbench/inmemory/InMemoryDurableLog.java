package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code inmemory} log of one name: a list of records in the JVM.
 *
 * <p>Linearizability scope: every operation runs under this log's lock, so appends, reads and
 * {@link #lastSequence()} are linearizable and sequence numbers are gap-free (record {@code i} sits at
 * index {@code i - 1}). Not durable: records are lost when the backend is closed.
 */
final class InMemoryDurableLog implements DurableLog {
    private final InMemoryBackend backend;
    private final String name;
    private final List<byte[]> records = new ArrayList<>();

    InMemoryDurableLog(InMemoryBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized long append(byte[] payload) {
        Checks.requireNonNull("payload", payload);
        backend.ensureOpen();
        records.add(payload.clone());
        return records.size();
    }

    /** Under the log's lock, like every other operation: the check and the append are one atomic step. */
    @Override
    public synchronized boolean appendAt(long sequence, byte[] payload) {
        Checks.requireRange("sequence", sequence, 1, Long.MAX_VALUE);
        Checks.requireNonNull("payload", payload);
        backend.ensureOpen();
        if (records.size() != sequence - 1) {
            return false;
        }
        records.add(payload.clone());
        return true;
    }

    @Override
    public synchronized List<LogRecord> read(long fromSequence, int maxRecords) {
        Checks.requireRange("fromSequence", fromSequence, 1, Long.MAX_VALUE);
        Checks.requireRange("maxRecords", maxRecords, 1, Integer.MAX_VALUE);
        backend.ensureOpen();
        List<LogRecord> out = new ArrayList<>();
        for (long seq = fromSequence; seq <= records.size() && out.size() < maxRecords; seq++) {
            out.add(new LogRecord(seq, records.get((int) (seq - 1))));
        }
        return out;
    }

    @Override
    public synchronized long lastSequence() {
        backend.ensureOpen();
        return records.size();
    }

    /** A simulated crash without persistence: every record is dropped. */
    synchronized void crash() {
        records.clear();
    }
}
