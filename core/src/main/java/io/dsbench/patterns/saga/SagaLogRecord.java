package io.dsbench.patterns.saga;

import io.dsbench.spec.Checks;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record of a saga log (see {@link SagaLog} for the format).
 *
 * @param type     what happened
 * @param sagaId   the saga instance
 * @param sagaName the saga definition
 * @param step     the step index, or -1 for saga-level records
 * @param detail   type-specific text (may be empty): STARTED: {@code <stepCount>;<input>}; *_FAILED and
 *                 MANUAL_INTERVENTION_REQUIRED: the reason (STEP_FAILED: prefixed {@code maybe:} or
 *                 {@code none:} for whether the step may have taken effect); FINISHED: the outcome
 */
public record SagaLogRecord(Type type, String sagaId, String sagaName, int step, String detail) {
    /** Record types, in the order a saga normally writes them. */
    public enum Type {
        STARTED, STEP_STARTED, STEP_DONE, STEP_FAILED, COMPENSATION_STARTED, COMPENSATION_DONE,
        COMPENSATION_FAILED, MANUAL_INTERVENTION_REQUIRED, FINISHED
    }

    /** The format tag that starts every record. */
    public static final String FORMAT = "saga/1";

    public SagaLogRecord {
        Objects.requireNonNull(type, "type");
        Checks.requireKey("sagaId", sagaId);
        Checks.requireKey("sagaName", sagaName);
        detail = detail == null ? "" : detail;
    }

    /** The record as log bytes: {@code saga/1 <TYPE> <sagaId> <sagaName> <step> <detail>}, fields URL-encoded. */
    public byte[] encode() {
        return (FORMAT + " " + type + " " + enc(sagaId) + " " + enc(sagaName) + " " + step + " " + enc(detail))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses one log record.
     *
     * @throws IllegalArgumentException naming the log, the sequence number and what is wrong
     */
    public static SagaLogRecord decode(String logName, long sequence, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        String[] f = text.split(" ", -1);
        String where = "log '" + logName + "' record " + sequence;
        if (f.length != 6 || !FORMAT.equals(f[0])) {
            throw new IllegalArgumentException(where + " is not a " + FORMAT + " record: '" + abbreviate(text) + "'");
        }
        try {
            return new SagaLogRecord(Type.valueOf(f[1]), dec(f[2]), dec(f[3]), Integer.parseInt(f[4]), dec(f[5]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is malformed (" + e.getMessage() + "): '" + abbreviate(text) + "'", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    private static String enc(String s) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return e.isEmpty() ? "-" : "-".equals(e) ? "%2D" : e;
    }

    private static String dec(String s) {
        return "-".equals(s) ? "" : URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
