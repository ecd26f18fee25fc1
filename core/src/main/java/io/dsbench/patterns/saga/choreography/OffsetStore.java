package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Consumer positions in the event log, durable in a backend {@link KeyValueStore}: key = the service's name,
 * value = the sequence number of the last event it finished handling (decimal text; 0 when absent).
 *
 * <p>{@link #commit} only moves a position forward (compare-and-set from the version read; a smaller or equal
 * value is left alone), so two instances of one service committing out of order never move it back and
 * re-deliver what both handled. {@link #rewind} sets it anywhere (an operator's replay). Thread-safe.
 */
public final class OffsetStore {
    private final KeyValueStore kv;
    private final RemoteCalls calls;

    public OffsetStore(KeyValueStore kv) {
        this(kv, RemoteCalls.defaults());
    }

    public OffsetStore(KeyValueStore kv, RemoteCalls calls) {
        this.kv = Checks.requireNonNull("kv", kv);
        this.calls = Checks.requireNonNull("calls", calls);
    }

    /** The last sequence number {@code service} finished handling; 0 if it never committed. */
    public long committed(String service) {
        Checks.requireKey("service", service);
        return read(service).map(v -> parse(service, v)).orElse(0L);
    }

    /**
     * Moves {@code service}'s position forward to {@code sequence} (no change if it is there or beyond already).
     *
     * @return the position after the call
     */
    public long commit(String service, long sequence) {
        Checks.requireKey("service", service);
        Checks.requireRange("sequence", sequence, 0, Long.MAX_VALUE);
        byte[] value = Long.toString(sequence).getBytes(StandardCharsets.UTF_8);
        while (true) {
            Optional<Versioned> cur = read(service);
            long at = cur.map(v -> parse(service, v)).orElse(0L);
            if (at >= sequence) {
                return at;
            }
            long expected = cur.map(Versioned::version).orElse(KeyValueStore.ABSENT);
            CasResult r = calls.callUnchecked("offset commit " + service, () -> kv.compareAndSet(service, expected, value));
            if (r.succeeded()) {
                return sequence;
            }
        }
    }

    /** Sets {@code service}'s position to {@code sequence}, back or forward: the events after it are delivered again. */
    public void rewind(String service, long sequence) {
        Checks.requireKey("service", service);
        Checks.requireRange("sequence", sequence, 0, Long.MAX_VALUE);
        byte[] value = Long.toString(sequence).getBytes(StandardCharsets.UTF_8);
        calls.callUnchecked("offset rewind " + service, () -> kv.put(service, value));
    }

    private Optional<Versioned> read(String service) {
        return calls.callUnchecked("offset read " + service, () -> kv.get(service));
    }

    private long parse(String service, Versioned v) {
        String s = new String(v.value(), StandardCharsets.UTF_8);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("offset of service '" + service + "' in namespace " + kv.namespace()
                    + " is not a number: '" + s + "'", e);
        }
    }
}
