package io.dsbench.patterns.saga;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogFence;

/**
 * Writes a run's records to the saga log, fenced: every record after STARTED is appended with
 * {@link LogFence} only if no other orchestrator wrote a record of the same saga since this run last looked
 * ({@link SagaRun#scannedTo}). The first orchestrator to write after the other took the saga; the other gets a
 * {@link SagaTakenOverException} and stops. Thread-safe (runs are confined to their thread).
 */
final class SagaLogWriter {
    private final DurableLog log;
    private final RemoteCalls calls;

    SagaLogWriter(DurableLog log, RemoteCalls calls) {
        this.log = log;
        this.calls = calls;
    }

    /** Appends the STARTED record of a new saga (ids are unique: nobody else writes it), unfenced. */
    void started(SagaRun run, String detail) {
        byte[] payload = new SagaLogRecord(SagaLogRecord.Type.STARTED, run.sagaId, run.def.name(), -1, detail).encode();
        run.scannedTo = calls.callUnchecked("saga log append STARTED to '" + log.name() + "'", () -> log.append(payload));
    }

    /**
     * Appends a record of {@code run}'s saga unless another orchestrator wrote one first.
     *
     * @throws SagaTakenOverException if another orchestrator's record of the saga is in the log after
     *                                {@code run.scannedTo}
     */
    void append(SagaRun run, SagaLogRecord.Type type, int step, String detail) {
        byte[] payload = new SagaLogRecord(type, run.sagaId, run.def.name(), step, detail).encode();
        long from = run.scannedTo;
        LogFence.Result r = calls.callUnchecked("saga log append " + type + " to '" + log.name() + "' (fenced)",
                () -> LogFence.appendUnless(log, from, rec -> SagaLogRecord.decode(log.name(), rec.sequence(),
                        rec.payload()).sagaId().equals(run.sagaId), payload));
        if (!r.appended()) {
            SagaLogRecord other = SagaLogRecord.decode(log.name(), r.sequence(), r.conflict().orElseThrow().payload());
            throw new SagaTakenOverException(run.sagaId, r.sequence(), "saga '" + run.def.name() + "' (" + run.sagaId
                    + ") was taken over by another orchestrator: its record " + other.type()
                    + (other.step() >= 0 ? " " + other.step() : "") + " is at " + log.name() + "#" + r.sequence()
                    + "; this orchestrator stopped before logging " + type + (step >= 0 ? " " + step : ""));
        }
        run.scannedTo = r.sequence();
    }
}
