package io.dsbench.patterns.saga;

import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a saga log: the records the {@link SagaOrchestrator} writes to a backend {@link DurableLog}.
 *
 * <h2>Format (version {@code saga/1})</h2>
 * One UTF-8 text record per log entry: {@code saga/1 <TYPE> <sagaId> <sagaName> <step> <detail>}, six
 * fields separated by single spaces; {@code sagaId}, {@code sagaName} and {@code detail} are
 * {@code application/x-www-form-urlencoded} ({@code -} stands for an empty field); {@code step} is the
 * 0-based step index or {@code -1}. A saga writes, in order:
 * <pre>
 * STARTED -1 "&lt;stepCount&gt;;&lt;k=v&amp;k=v input&gt;"
 * STEP_STARTED k          before calling step k
 * STEP_DONE k             after step k succeeded
 * STEP_FAILED k "maybe:&lt;reason&gt;" | "none:&lt;reason&gt;"   (maybe: the step may have taken effect)
 * COMPENSATION_STARTED k  before compensating step k
 * COMPENSATION_DONE k
 * COMPENSATION_FAILED k "&lt;reason&gt;"                      after the retries ran out
 * MANUAL_INTERVENTION_REQUIRED k "&lt;reason&gt;"             a human must undo step k
 * FINISHED -1 COMPLETED | COMPENSATED | MANUAL_INTERVENTION_REQUIRED
 * </pre>
 * Records of many sagas interleave in one log. Every record after STARTED is appended conditionally (no record
 * of the same saga by another orchestrator since the writer last looked; see {@link SagaOrchestrator}), so one
 * orchestrator at a time owns a saga. Records may be duplicated (a retried append that had taken
 * effect); replay is idempotent. A STEP_STARTED without STEP_DONE or STEP_FAILED means the step may or may
 * not have happened.
 *
 * <p>Thread-safe (stateless).
 */
public final class SagaLog {
    private static final int PAGE = 1000;

    private SagaLog() {
    }

    /** Every record of {@code log}, in order. */
    public static List<SagaLogRecord> records(DurableLog log) {
        List<SagaLogRecord> out = new ArrayList<>();
        long next = 1;
        while (true) {
            List<LogRecord> page = log.read(next, PAGE);
            if (page.isEmpty()) {
                return out;
            }
            for (LogRecord r : page) {
                out.add(SagaLogRecord.decode(log.name(), r.sequence(), r.payload()));
                next = r.sequence() + 1;
            }
        }
    }

    /** The state of every saga in {@code log}, by saga id, in order of first appearance. */
    public static Map<String, SagaState> states(DurableLog log) {
        return snapshot(log).states();
    }

    /**
     * The state of every saga and the sequence number of the last record read.
     *
     * @param states       by saga id, in order of first appearance
     * @param lastSequence the last record the states include (0 for an empty log)
     */
    public record Snapshot(Map<String, SagaState> states, long lastSequence) {
    }

    /** Reads the whole log once: {@link #states} plus where the read ended. */
    public static Snapshot snapshot(DurableLog log) {
        Map<String, SagaState> states = new LinkedHashMap<>();
        long last = 0;
        long next = 1;
        while (true) {
            List<LogRecord> page = log.read(next, PAGE);
            if (page.isEmpty()) {
                return new Snapshot(states, last);
            }
            for (LogRecord r : page) {
                SagaLogRecord rec = SagaLogRecord.decode(log.name(), r.sequence(), r.payload());
                states.computeIfAbsent(rec.sagaId(), SagaState::new).apply(rec);
                last = r.sequence();
                next = last + 1;
            }
        }
    }
}
