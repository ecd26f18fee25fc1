package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.saga.SagaInput;
import io.dsbench.spec.Checks;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a choreographed saga, as it is stored in the event log (one {@link io.dsbench.spec.log.DurableLog}
 * record). Events carry the saga's state forward (its input) and the W3C trace context of the span that published
 * them, so that each service can act on an event alone and the services' spans form one trace.
 *
 * <h2>Identity</h2>
 * {@link #id()} names the fact an event states, not the record: {@code <saga>/started}, {@code <saga>/outcome/<k>}
 * (step k done or failed: one outcome per step) and {@code <saga>/compensated/<k>}. A service publishes an id at
 * most once ({@link EventLog#publishOnce}), however often the event that caused it is redelivered.
 *
 * @param sagaId   the saga instance
 * @param sagaName the definition's name
 * @param kind     what happened
 * @param step     the step it happened to; -1 for {@link Kind#STARTED}
 * @param service  the service that published it
 * @param cause    the sequence number of the event this one reacts to; 0 for {@link Kind#STARTED}
 * @param detail   a failure's reason ({@code maybe:} or {@code none:} first: whether the failed step may have taken
 *                 effect); empty otherwise
 * @param input    the saga's input
 * @param trace    W3C trace headers of the publishing span (empty when tracing is off)
 */
public record ChoreoEvent(String sagaId, String sagaName, Kind kind, int step, String service, long cause,
        String detail, Map<String, String> input, Map<String, String> trace) {
    /** The kinds of event. */
    public enum Kind {
        /** The initiator started the saga; the first step's service reacts. */
        STARTED,
        /** Step {@code step} is done; the next step's service reacts. */
        DONE,
        /** Step {@code step} failed and its own service already compensated it; the previous step's service reacts. */
        FAILED,
        /** Step {@code step} was compensated; the previous step's service reacts. */
        COMPENSATED
    }

    private static final String FORMAT = "choreo/1";

    public ChoreoEvent {
        Checks.requireKey("sagaId", sagaId);
        Checks.requireKey("sagaName", sagaName);
        Objects.requireNonNull(kind, "kind");
        Checks.requireKey("service", service);
        Objects.requireNonNull(detail, "detail");
        if ((kind == Kind.STARTED) != (step < 0)) {
            throw new IllegalArgumentException("step = " + step + " for a " + kind + " event (legal: -1 exactly for STARTED)");
        }
        if (cause < 0) {
            throw new IllegalArgumentException("cause = " + cause + " (legal range: >= 0)");
        }
        input = Map.copyOf(input);
        trace = Map.copyOf(trace);
    }

    /** The fact this event states (see the class javadoc): the key of its at-most-once publication. */
    public String id() {
        return switch (kind) {
            case STARTED -> sagaId + "/started";
            case DONE, FAILED -> sagaId + "/outcome/" + step;
            case COMPENSATED -> sagaId + "/compensated/" + step;
        };
    }

    /** Whether a failed step may have taken effect (its failure detail starts {@code maybe:}). */
    public boolean mayHaveTakenEffect() {
        return kind == Kind.FAILED && detail.startsWith("maybe:");
    }

    /** For reports: {@code DONE 2 (payment)}. */
    public String label() {
        return kind + (step >= 0 ? " " + step : "") + " (" + service + ")";
    }

    /** The record's bytes: {@code choreo/1} and the fields, URL-encoded ({@link SagaInput}). */
    public byte[] encode() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("format", FORMAT);
        f.put("saga", sagaId);
        f.put("name", sagaName);
        f.put("kind", kind.name());
        f.put("step", Integer.toString(step));
        f.put("service", service);
        f.put("cause", Long.toString(cause));
        f.put("detail", detail);
        f.put("input", SagaInput.encode(input));
        f.put("trace", SagaInput.encode(trace));
        return SagaInput.encode(f).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The event in a record's bytes.
     *
     * @throws IllegalArgumentException if the bytes are not a choreography event (the message says which field)
     */
    public static ChoreoEvent decode(byte[] payload) {
        Map<String, String> f = SagaInput.decode(new String(payload, StandardCharsets.UTF_8));
        if (!FORMAT.equals(f.get("format"))) {
            throw new IllegalArgumentException("not a choreography event (format '" + f.get("format") + "', expected '"
                    + FORMAT + "')");
        }
        try {
            return new ChoreoEvent(field(f, "saga"), field(f, "name"), Kind.valueOf(field(f, "kind")),
                    Integer.parseInt(field(f, "step")), field(f, "service"), Long.parseLong(field(f, "cause")),
                    field(f, "detail"), SagaInput.decode(field(f, "input")), SagaInput.decode(field(f, "trace")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("choreography event with a malformed number: " + e.getMessage(), e);
        }
    }

    private static String field(Map<String, String> f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("choreography event without field '" + name + "'");
        }
        return v;
    }
}
