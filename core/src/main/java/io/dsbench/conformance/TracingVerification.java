package io.dsbench.conformance;

import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.patterns.tracing.TracingBackend;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules TRACE-1, TRACE-2, TRACE-3 and TRACE-6: the {@link TracingBackend} decorator over the backend under test
 * and the {@link Tracing} helpers, observed through the OpenTelemetry SDK's in-memory exporter (a real SDK, not a
 * mock). TRACE-4 (sagas) and TRACE-5 (two-phase commit) are checked with those patterns' rules.
 *
 * <p>Each rule gets a fresh tracer provider and exporter, and spans are exported synchronously when they end.
 */
public abstract class TracingVerification extends AbstractVerification {
    private InMemorySpanExporter exporter;
    private SdkTracerProvider provider;
    private Tracing tracing;

    @BeforeEach
    final void newTracerProvider() {
        exporter = InMemorySpanExporter.create();
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        tracing = Tracing.of(provider.get(Tracing.INSTRUMENTATION_SCOPE));
    }

    @AfterEach
    final void closeTracerProvider() {
        provider.close();
    }

    private List<SpanData> spans() {
        return exporter.getFinishedSpanItems();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Duration longTtlFor(Backend b) {
        Duration d = Duration.ofMinutes(5);
        return d.compareTo(b.timing().minTtl()) >= 0 ? d : b.timing().minTtl();
    }

    /**
     * TRACE-1: through the tracing decorator, each backend operation (key-value, registry, cache, log) is exactly
     * one span of kind CLIENT named after the operation ({@code kv.put}, {@code registry.discover}, ...), with the
     * backend's name in {@value Tracing#BACKEND_NAME}, the operation in {@value Tracing#OPERATION_NAME} and the
     * namespace; a failing operation's span has status ERROR and an exception event.
     *
     * <p>If this fails, check that every primitive handed out by the decorator is wrapped, and that exceptions are
     * recorded before the span ends.
     */
    @Test
    @ConformanceRule(id = "TRACE-1", title = "each backend operation is one span named after it, with the backend")
    public void required_TRACE1_eachOperationIsOneSpan() {
        Backend traced = TracingBackend.wrap(backend, tracing);
        String ns = unique("trace");
        KeyValueStore kv = traced.keyValue(ns);
        long v = kv.put("k", bytes("v"));
        kv.get("k");
        kv.compareAndSet("k", v, bytes("w"));
        kv.delete("k");
        kv.compareAndDelete("k", 1);
        List<String> expected = new ArrayList<>(List.of("kv.put", "kv.get", "kv.compareAndSet", "kv.delete",
                "kv.compareAndDelete"));
        try (ServiceRegistry reg = traced.registry(RegistryConfig.of(unique("trace-reg")))) {
            reg.register(ServiceInstance.of("svc", "a", "127.0.0.1", 1), longTtlFor(backend));
            reg.discover("svc");
            reg.heartbeat("svc", "a");
            reg.deregister("svc", "a");
        }
        expected.addAll(List.of("registry.register", "registry.discover", "registry.heartbeat",
                "registry.deregister"));
        CacheStore cache = traced.cache(unique("trace-cache"));
        cache.put("k", bytes("v"), longTtlFor(backend));
        cache.get("k");
        cache.invalidate("k");
        expected.addAll(List.of("cache.put", "cache.get", "cache.invalidate"));
        DurableLog log = traced.log(unique("trace-log"));
        log.append(bytes("r"));
        log.lastSequence();
        expected.addAll(List.of("log.append", "log.lastSequence"));

        List<SpanData> spans = spans();
        assertThat(spans).extracting(SpanData::getName).containsExactlyElementsOf(expected);
        for (SpanData s : spans) {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getAttributes().get(Tracing.BACKEND)).as(s.getName()).isEqualTo(backend.name());
            assertThat(s.getAttributes().get(Tracing.OPERATION)).isEqualTo(s.getName());
            assertThat(s.getAttributes().get(Tracing.NAMESPACE)).isNotEmpty();
            assertThat(s.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        }
        assertThat(spans.get(0).getAttributes().get(Tracing.NAMESPACE)).isEqualTo(ns);

        exporter.reset();
        assertThatThrownBy(() -> kv.get("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(spans()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("kv.get");
            assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(s.getEvents()).anyMatch(e -> e.getName().equals("exception"));
        });
    }

    /**
     * TRACE-2: spans carry a valid trace id, span id, parent id and a non-negative duration; backend operations
     * called inside a caller's span nest under it in the same trace, also when a pattern fans out to other threads
     * (a quorum put's replica calls are children of the {@code quorum.put} span).
     *
     * <p>If this fails, check that spans start from {@code Context.current()} and that thread hand-offs carry the
     * context.
     */
    @Test
    @ConformanceRule(id = "TRACE-2", title = "spans carry ids and duration; children nest under the caller's span")
    public void required_TRACE2_childrenNestUnderCaller() {
        Backend traced = TracingBackend.wrap(backend, tracing);
        KeyValueStore kv = traced.keyValue(unique("trace"));
        tracing.inSpan("request", span -> {
            kv.put("a", bytes("1"));
            kv.get("a");
            return null;
        });
        List<SpanData> spans = spans();
        assertThat(spans).extracting(SpanData::getName).containsExactly("kv.put", "kv.get", "request");
        SpanData root = spans.get(2);
        assertThat(root.getParentSpanContext().isValid()).isFalse();
        for (SpanData s : spans) {
            assertThat(s.getSpanContext().isValid()).isTrue();
            assertThat(s.getTraceId()).isEqualTo(root.getTraceId()).hasSize(32);
            assertThat(s.getSpanId()).hasSize(16);
            assertThat(s.getEndEpochNanos()).isGreaterThanOrEqualTo(s.getStartEpochNanos());
            assertThat(s.hasEnded()).isTrue();
        }
        assertThat(spans.get(0).getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(spans.get(1).getParentSpanId()).isEqualTo(root.getSpanId());
        assertThat(spans.get(0).getSpanId()).isNotEqualTo(spans.get(1).getSpanId());

        exporter.reset();
        String base = unique("trace-quorum");
        List<KeyValueStore> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replicas.add(traced.keyValue(base + "-r" + i));
        }
        QuorumReplicatedStore q = QuorumReplicatedStore.builder(QuorumConfig.strong(3, 3, 3), replicas)
                .tracing(tracing).policy(ResiliencePolicy.none()).build();
        q.put("k", bytes("v"));
        SpanData put = spans().stream().filter(s -> s.getName().equals("quorum.put")).findFirst().orElseThrow();
        // version query: 3 gets; write: 3 x (get + compareAndSet). The put returns after the first query answer
        // (N - W + 1 = 1), so the other two gets may still be running: wait for their spans.
        assertThat(env.await(env.operationBound(),
                () -> spans().stream().filter(s -> s.getName().startsWith("kv.")).count() == 9)).isTrue();
        List<SpanData> children = spans().stream().filter(s -> s.getName().startsWith("kv.")).toList();
        assertThat(children).hasSize(9);
        assertThat(children).allSatisfy(s -> {
            assertThat(s.getTraceId()).isEqualTo(put.getTraceId());
            assertThat(s.getParentSpanId()).isEqualTo(put.getSpanId());
        });
    }

    /**
     * TRACE-3: W3C Trace Context round trip: {@code inject} in a span yields a {@code traceparent} header
     * {@code 00-<trace id>-<span id>-<flags>} of that span; {@code extract} (header name in any case) yields a
     * remote context with the same ids, and a span started under it is the child of the original span in the same
     * trace; a malformed header starts a new trace instead of failing.
     *
     * <p>If this fails, check the propagator ({@code W3CTraceContextPropagator}) and the carrier getter/setter.
     */
    @Test
    @ConformanceRule(id = "TRACE-3", title = "W3C traceparent inject/extract round-trips the context",
            scope = ConformanceRule.Scope.CORE)
    public void required_TRACE3_traceparentRoundTrips() {
        Map<String, String> headers = tracing.inSpan("client", span -> tracing.inject());
        SpanData client = spans().get(0);
        assertThat(headers.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")
                .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
        Context remote = tracing.extract(Map.of("TraceParent", headers.get("traceparent")));
        SpanContext sc = Span.fromContext(remote).getSpanContext();
        assertThat(sc.isRemote()).isTrue();
        assertThat(sc.getTraceId()).isEqualTo(client.getTraceId());
        assertThat(sc.getSpanId()).isEqualTo(client.getSpanId());
        assertThat(sc.isSampled()).isTrue();
        Backend traced = TracingBackend.wrap(backend, tracing);
        KeyValueStore kv = traced.keyValue(unique("trace"));
        try (Scope ignored = remote.makeCurrent()) {
            tracing.inSpan("server", span -> kv.put("k", bytes("v")));
        }
        SpanData kvPut = spans().get(1);
        SpanData server = spans().get(2);
        assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
        assertThat(kvPut.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(Span.fromContext(tracing.extract(Map.of("traceparent", "00-zz-not-valid"))).getSpanContext()
                .isValid()).isFalse();
        assertThat(Span.fromContext(tracing.extract(Map.of())).getSpanContext().isValid()).isFalse();
    }

    /**
     * TRACE-6: with tracing off no span is created: {@code TracingBackend.wrap(backend, Tracing.off())} returns the
     * backend itself (no decorator at all), a decorator built with {@code Tracing.off()} exports nothing, and the
     * helpers neither start spans nor produce headers.
     *
     * <p>If this fails, check the {@code enabled()} short-cuts.
     */
    @Test
    @ConformanceRule(id = "TRACE-6", title = "with tracing off, no span is created",
            scope = ConformanceRule.Scope.CORE)
    public void required_TRACE6_offCreatesNoSpan() {
        assertThat(TracingBackend.wrap(backend, Tracing.off())).isSameAs(backend);
        Backend decorated = new TracingBackend(backend, Tracing.off());
        KeyValueStore kv = decorated.keyValue(unique("trace-off"));
        kv.put("k", bytes("v"));
        assertThat(kv.get("k")).isPresent();
        Tracing off = Tracing.off();
        boolean valid = off.inSpan("nothing", span -> Span.current().getSpanContext().isValid()
                || span.getSpanContext().isValid());
        assertThat(valid).isFalse();
        assertThat(off.inject()).isEmpty();
        QuorumReplicatedStore q = QuorumReplicatedStore.builder(QuorumConfig.majority(3), List.of(
                decorated.keyValue(unique("r0")), decorated.keyValue(unique("r1")), decorated.keyValue(unique("r2"))))
                .tracing(off).build();
        q.put("k", bytes("v"));
        assertThat(spans()).isEmpty();
    }
}
