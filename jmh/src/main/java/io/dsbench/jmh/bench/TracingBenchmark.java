package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.DiscardingSpanExporter;
import io.dsbench.jmh.support.Keys;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.patterns.tracing.TracingBackend;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> what tracing adds to a kv get on the backend, one caller, 1,024 present keys walked round-robin:
 * {@code off} is {@code TracingBackend.wrap(backend, Tracing.off())}, which returns the backend itself (so tracing off
 * costs nothing by construction); {@code on} wraps it with an OpenTelemetry SDK
 * tracer sampling every span, each span built with its attributes and handed on the caller's thread to a
 * {@link SimpleSpanProcessor} whose exporter drops it. The difference {@code 1/on - 1/off} is the time tracing adds
 * per operation (issue 13's goal: under 1 us in memory).
 *
 * <p><b>Invalidated by</b>: a batch span processor whose queue is full (it then drops spans and gets cheaper; the
 * simple processor used here never drops, so this is an upper bound of the caller's cost); a sampler that samples
 * less (then tracing costs less per operation on average); an exporter that does real I/O (its cost is outside this
 * figure by design).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^tracing\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class TracingBenchmark extends BackendBenchmark {
    @Param({"off", "on"})
    public String tracing;

    private final Keys keys = new Keys("t", 1024);
    private KeyValueStore kv;
    private SdkTracerProvider provider;
    private DiscardingSpanExporter exporter;

    @Override
    protected void setUp() {
        String ns = target.unique("tracing");
        kv = switch (tracing) {
            case "off" -> TracingBackend.wrap(target.backend(), Tracing.off()).keyValue(ns);
            case "on" -> {
                exporter = new DiscardingSpanExporter();
                provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
                yield TracingBackend.wrap(target.backend(), Tracing.of(provider.get(Tracing.INSTRUMENTATION_SCOPE)))
                        .keyValue(ns);
            }
            default -> throw new IllegalArgumentException("tracing '" + tracing + "' is unknown; known: off, on");
        };
        byte[] value = Keys.value(100);
        for (String k : keys.all()) {
            kv.put(k, value);
        }
        if (exporter != null && exporter.exported() < keys.all().length) {
            throw new IllegalStateException("tracing on exported " + exporter.exported() + " spans for "
                    + keys.all().length + " puts");
        }
    }

    @Override
    protected void tearDown() {
        if (provider != null) {
            provider.close();
        }
    }

    @Benchmark
    public Optional<Versioned> kvGet() {
        return kv.get(keys.next());
    }
}
