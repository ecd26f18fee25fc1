package io.dsbench.patterns.tracing;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tracing switch of dsbench's patterns: holds an OpenTelemetry {@link Tracer} and runs code in spans, or
 * does nothing at all when tracing is {@linkplain #off() off}.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Tracing tracing = Tracing.of(openTelemetry);            // or Tracing.off()
 * long v = tracing.inSpan("saga.step", Attributes.of(Tracing.OPERATION, "reserve"), span -> doStep());
 * Map<String, String> headers = tracing.inject();          // W3C traceparent of the current span
 * Context remote = tracing.extract(headers);               // on the other side
 * }</pre>
 *
 * <h2>Span semantics of {@link #inSpan}</h2>
 * The span is a child of {@link Context#current()} (a new trace when there is none), is made current while the
 * body runs (so nested calls nest under it), and ends when the body returns or throws. A throwing body gets its
 * exception recorded as an event, status {@link StatusCode#ERROR} with the exception's message, and, for a
 * {@link BackendException}, the attribute {@value #ERROR_KIND_NAME}; the exception is rethrown unchanged.
 *
 * <h2>Off</h2>
 * {@link #off()} creates no span, touches no context and adds one branch per call: {@link #inSpan} calls the body
 * directly (with {@link Span#getInvalid()}), {@link #inject()} returns an empty map and {@link #extract} returns
 * the root context. {@link TracingBackend#wrap} returns the backend itself when tracing is off, so an untraced run
 * has no decorator at all.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tracing {
    /** Instrumentation scope name of every dsbench span. */
    public static final String INSTRUMENTATION_SCOPE = "io.dsbench";
    /** Attribute name: the backend's {@link io.dsbench.spi.Backend#name() name}. */
    public static final String BACKEND_NAME = "dsbench.backend";
    /** Attribute name: the operation, e.g. {@code kv.put}. */
    public static final String OPERATION_NAME = "dsbench.operation";
    /** Attribute name: the namespace or primitive name an operation acted on. */
    public static final String NAMESPACE_NAME = "dsbench.namespace";
    /** Attribute name: the {@link BackendException.Kind} of a failed operation. */
    public static final String ERROR_KIND_NAME = "dsbench.error.kind";

    /** Attribute key {@value #BACKEND_NAME}. */
    public static final AttributeKey<String> BACKEND = AttributeKey.stringKey(BACKEND_NAME);
    /** Attribute key {@value #OPERATION_NAME}. */
    public static final AttributeKey<String> OPERATION = AttributeKey.stringKey(OPERATION_NAME);
    /** Attribute key {@value #NAMESPACE_NAME}. */
    public static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey(NAMESPACE_NAME);
    /** Attribute key {@value #ERROR_KIND_NAME}. */
    public static final AttributeKey<String> ERROR_KIND = AttributeKey.stringKey(ERROR_KIND_NAME);

    private static final Tracing OFF = new Tracing(null);

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.put(key, value);
        }
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            if (carrier == null) {
                return null;
            }
            String v = carrier.get(key);
            if (v != null) {
                return v;
            }
            for (Map.Entry<String, String> e : carrier.entrySet()) { // HTTP header names are case-insensitive
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return null;
        }
    };

    private final Tracer tracer; // null = off

    private Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Tracing off: no span is ever created. */
    public static Tracing off() {
        return OFF;
    }

    /** Traces with {@code openTelemetry}'s tracer for scope {@value #INSTRUMENTATION_SCOPE}. */
    public static Tracing of(OpenTelemetry openTelemetry) {
        Checks.requireNonNull("openTelemetry", openTelemetry);
        return new Tracing(openTelemetry.getTracer(INSTRUMENTATION_SCOPE));
    }

    /** Traces with the given tracer. */
    public static Tracing of(Tracer tracer) {
        return new Tracing(Checks.requireNonNull("tracer", tracer));
    }

    /** True unless this is {@link #off()}. */
    public boolean enabled() {
        return tracer != null;
    }

    /** The tracer; a no-op tracer when off. */
    public Tracer tracer() {
        return tracer != null ? tracer : OpenTelemetry.noop().getTracer(INSTRUMENTATION_SCOPE);
    }

    /** The propagator used by {@link #inject} and {@link #extract}: W3C Trace Context ({@code traceparent}). */
    public TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /** The body of a span; it gets the span to add attributes or events. */
    @FunctionalInterface
    public interface SpanBody<T, E extends Throwable> {
        /** Runs inside the span. */
        T run(Span span) throws E;
    }

    /** Runs {@code body} in an internal span named {@code name} (see class javadoc). */
    public <T, E extends Throwable> T inSpan(String name, SpanBody<T, E> body) throws E {
        return inSpan(name, SpanKind.INTERNAL, Attributes.empty(), body);
    }

    /** Runs {@code body} in an internal span named {@code name} with {@code attributes}. */
    public <T, E extends Throwable> T inSpan(String name, Attributes attributes, SpanBody<T, E> body) throws E {
        return inSpan(name, SpanKind.INTERNAL, attributes, body);
    }

    /**
     * Runs {@code body} in a span named {@code name} of the given kind with {@code attributes}, a child of the
     * current context. When off, runs {@code body} directly.
     */
    public <T, E extends Throwable> T inSpan(String name, SpanKind kind, Attributes attributes, SpanBody<T, E> body)
            throws E {
        if (tracer == null) {
            return body.run(Span.getInvalid());
        }
        Span span = tracer.spanBuilder(name).setSpanKind(kind).setAllAttributes(attributes).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return body.run(span);
        } catch (Throwable t) {
            recordFailure(span, t);
            throw t;
        } finally {
            span.end();
        }
    }

    /** Marks {@code span} failed with {@code t}: exception event, ERROR status, error kind for backend errors. */
    public static void recordFailure(Span span, Throwable t) {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(t, "t");
        span.recordException(t);
        span.setStatus(StatusCode.ERROR, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        if (t instanceof BackendException b) {
            span.setAttribute(ERROR_KIND, b.kind().name());
        }
    }

    /** The W3C headers ({@code traceparent}, and {@code tracestate} if any) of the current context. */
    public Map<String, String> inject() {
        return inject(Context.current());
    }

    /** The W3C headers of {@code context}; empty when off or when the context holds no valid span. */
    public Map<String, String> inject(Context context) {
        Map<String, String> headers = new HashMap<>();
        if (tracer != null) {
            propagator().inject(Checks.requireNonNull("context", context), headers, MAP_SETTER);
        }
        return headers;
    }

    /**
     * The context carried by W3C headers (header names matched case-insensitively), to be used as a parent:
     * {@code try (Scope s = tracing.extract(headers).makeCurrent()) { ... }}. Missing or malformed headers give
     * the root context (a new trace). When off, always the root context.
     */
    public Context extract(Map<String, String> headers) {
        Checks.requireNonNull("headers", headers);
        if (tracer == null) {
            return Context.root();
        }
        return propagator().extract(Context.root(), headers, MAP_GETTER);
    }

    @Override
    public String toString() {
        return enabled() ? "Tracing[on]" : "Tracing[off]";
    }
}
