package io.dsbench.spec.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record of a {@link DurableLog}.
 *
 * @param sequence the record's position, {@code >= 1}
 * @param payload  the bytes appended (copied)
 */
public record LogRecord(long sequence, byte[] payload) {
    public LogRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence = " + sequence + " is out of range (legal range: >= 1)");
        }
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && r.sequence == sequence && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(sequence) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[sequence=" + sequence + ", bytes=" + payload.length + "]";
    }
}
