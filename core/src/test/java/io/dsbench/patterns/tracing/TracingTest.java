package io.dsbench.patterns.tracing;

import io.dsbench.spec.BackendException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Tracing tracing = Tracing.of(provider.get("test"));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void inSpan_nestsChildrenAndRecordsErrors() {
        assertThatThrownBy(() -> tracing.inSpan("outer", outer -> tracing.inSpan("inner", inner -> {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down");
        }))).hasMessage("down");
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).extracting(SpanData::getName).containsExactly("inner", "outer");
        SpanData inner = spans.get(0);
        SpanData outer = spans.get(1);
        assertThat(inner.getParentSpanId()).isEqualTo(outer.getSpanId());
        assertThat(inner.getTraceId()).isEqualTo(outer.getTraceId());
        assertThat(inner.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(inner.getAttributes().get(Tracing.ERROR_KIND)).isEqualTo("UNAVAILABLE");
        assertThat(inner.getEvents()).anyMatch(e -> e.getName().equals("exception"));
    }

    @Test
    void injectExtract_roundTripsTraceparent() {
        Map<String, String> headers = tracing.inSpan("client", span -> tracing.inject());
        SpanData client = exporter.getFinishedSpanItems().get(0);
        // version 00, trace id, parent span id, flags (sampled bit set; newer SDKs also set the random-id bit)
        assertThat(headers.get("traceparent"))
                .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-")
                .matches(".*-0[13]$");
        Context remote = tracing.extract(Map.of("TraceParent", headers.get("traceparent")));
        try (Scope ignored = remote.makeCurrent()) {
            tracing.inSpan("server", span -> null);
        }
        SpanData server = exporter.getFinishedSpanItems().get(1);
        assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
        assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(Span.fromContext(tracing.extract(Map.of("traceparent", "garbage"))).getSpanContext().isValid())
                .isFalse();
    }

    @Test
    void off_createsNothing() {
        Tracing off = Tracing.off();
        assertThat(off.enabled()).isFalse();
        assertThat(off.<Boolean, RuntimeException>inSpan("x", span -> span.getSpanContext().isValid())).isFalse();
        assertThat(off.inject()).isEmpty();
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
