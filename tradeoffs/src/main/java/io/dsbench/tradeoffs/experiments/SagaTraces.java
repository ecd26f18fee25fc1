package io.dsbench.tradeoffs.experiments;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spans of sagas, as an OpenTelemetry SDK records them, reduced to what debuggability is measured by: for each
 * saga, the traces its spans belong to, and for each trace, the processes that recorded spans in it (each process
 * of the experiment gets its own tracer, named after it: the orchestrator, or the initiator and each service).
 * Thread-safe; {@link #close()} shuts the SDK down.
 */
final class SagaTraces implements AutoCloseable {
    private static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("saga.id");

    private final Map<String, Set<String>> tracesBySaga = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> processesByTrace = new ConcurrentHashMap<>();
    private final SdkTracerProvider provider;

    SagaTraces() {
        provider = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
            @Override
            public void onStart(Context parentContext, ReadWriteSpan span) {
            }

            @Override
            public boolean isStartRequired() {
                return false;
            }

            @Override
            public void onEnd(ReadableSpan span) {
                String trace = span.getSpanContext().getTraceId();
                processesByTrace.computeIfAbsent(trace, t -> ConcurrentHashMap.newKeySet())
                        .add(span.getInstrumentationScopeInfo().getName());
                String saga = span.getAttribute(SAGA_ID);
                if (saga != null) {
                    tracesBySaga.computeIfAbsent(saga, s -> ConcurrentHashMap.newKeySet()).add(trace);
                }
            }

            @Override
            public boolean isEndRequired() {
                return true;
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        }).build();
    }

    /** The tracer of one process. */
    Tracer tracer(String process) {
        return provider.get(process);
    }

    /** The traces holding spans of {@code sagaId} (0 if none was recorded). */
    int traces(String sagaId) {
        return tracesBySaga.getOrDefault(sagaId, Set.of()).size();
    }

    /** The processes that recorded spans in the traces of {@code sagaId}. */
    int processes(String sagaId) {
        Set<String> out = new java.util.HashSet<>();
        for (String t : tracesBySaga.getOrDefault(sagaId, Set.of())) {
            out.addAll(processesByTrace.getOrDefault(t, Set.of()));
        }
        return out.size();
    }

    @Override
    public void close() {
        provider.close();
    }
}
