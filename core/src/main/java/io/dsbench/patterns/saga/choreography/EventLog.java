package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogFence;
import io.dsbench.spec.log.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event channel of choreographed sagas: a backend {@link DurableLog} that every service appends to and reads
 * from (one topic; each service keeps its own position in it, see {@link OffsetStore}). The log gives every event a
 * gap-free sequence number in one total order, so "at least once, in order" delivery is: read from your committed
 * position, handle, commit the new position.
 *
 * <h2>Publication at most once per fact</h2>
 * A redelivered event makes its service react again; the reaction's own event must not be published twice (each
 * duplicate would be redelivered downstream and multiply). {@link #publishOnce} appends an event only if no event
 * with the same {@link ChoreoEvent#id()} is in the log after the event it reacts to: the check and the append are
 * one atomic step ({@link LogFence} over {@link DurableLog#appendAt}), so even two instances of one service racing
 * publish a fact once. Only the log after the cause is scanned: a reaction is always appended after its cause.
 *
 * <p>The log must hold only choreography events: a record that is not one makes {@link #read} fail (an
 * {@link IllegalArgumentException} naming the field), since skipping it could skip a lost fact. Appends and reads go
 * through {@link RemoteCalls} (timeout and retries of transient failures). Thread-safe.
 */
public final class EventLog {
    private final DurableLog log;
    private final RemoteCalls calls;
    private final AtomicLong published = new AtomicLong();

    /** Over {@code log} with the default call policy (5 s timeout, retries with backoff). */
    public EventLog(DurableLog log) {
        this(log, RemoteCalls.defaults());
    }

    public EventLog(DurableLog log, RemoteCalls calls) {
        this.log = Checks.requireNonNull("log", log);
        this.calls = Checks.requireNonNull("calls", calls);
    }

    /** The underlying log. */
    public DurableLog log() {
        return log;
    }

    /** How many events this instance appended or found as its own (a duplicate refused by {@link #publishOnce} is not counted). */
    public long published() {
        return published.get();
    }

    /** Appends the saga's first event (the initiator's; a saga is started once) and returns its sequence number. */
    public long start(ChoreoEvent started) {
        Checks.requireNonNull("started", started);
        if (started.kind() != ChoreoEvent.Kind.STARTED) {
            throw new IllegalArgumentException("start takes a STARTED event, not " + started.kind());
        }
        byte[] payload = started.encode();
        long seq = calls.callUnchecked("choreography start " + started.sagaId() + " on " + log.name(),
                () -> log.append(payload));
        published.incrementAndGet();
        return seq;
    }

    /**
     * Appends {@code event} unless an event with the same {@link ChoreoEvent#id()} follows its cause in the log.
     *
     * @return false if another event stating the same fact was there already (published by an earlier delivery);
     *         true if appended (or if a byte-equal record was found: an earlier attempt of this call that landed)
     */
    public boolean publishOnce(ChoreoEvent event) {
        Checks.requireNonNull("event", event);
        String id = event.id();
        byte[] payload = event.encode();
        LogFence.Result r = calls.callUnchecked("choreography publish " + id + " on " + log.name(),
                () -> LogFence.appendUnless(log, event.cause(), rec -> sameFact(rec, id), payload));
        if (r.appended()) {
            published.incrementAndGet();
        }
        return r.appended();
    }

    private static boolean sameFact(LogRecord rec, String id) {
        try {
            return ChoreoEvent.decode(rec.payload()).id().equals(id);
        } catch (IllegalArgumentException notAnEvent) {
            return false;
        }
    }

    /** Events from {@code fromSequence} on, at most {@code max}, with their sequence numbers. */
    public List<Delivered> read(long fromSequence, int max) {
        List<LogRecord> recs = calls.callUnchecked("choreography read " + log.name(), () -> log.read(fromSequence, max));
        List<Delivered> out = new ArrayList<>(recs.size());
        for (LogRecord r : recs) {
            out.add(new Delivered(r.sequence(), ChoreoEvent.decode(r.payload())));
        }
        return out;
    }

    /** The last sequence number in the log (0 when empty). */
    public long lastSequence() {
        return calls.callUnchecked("choreography end of " + log.name(), log::lastSequence);
    }

    /** An event as read from the log. */
    public record Delivered(long sequence, ChoreoEvent event) {
    }
}
