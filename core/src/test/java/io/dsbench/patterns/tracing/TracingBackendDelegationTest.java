package io.dsbench.patterns.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spi.Backend;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every operation of every traced primitive, found by reflection so that a new spec method cannot slip by untraced:
 * the decorator hands the caller's arguments to the wrapped primitive unchanged, returns exactly what it returned
 * (both booleans, a distinct long, the same list or optional), and records one CLIENT span named
 * {@code <primitive>.<method>} with the backend, operation and namespace attributes. Accessors ({@code name},
 * {@code namespace}, {@code config}) and {@code close} are delegated without a span.
 */
class TracingBackendDelegationTest {
    private static final Set<String> UNTRACED = Set.of("name", "namespace", "config", "close");

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final List<String> calls = new ArrayList<>();
    /** What the fake primitives return next for boolean methods (each operation is called once with each). */
    private boolean nextBoolean;

    @AfterEach
    void close() {
        provider.close();
    }

    /** One plain test (not a test factory) so that mutation testing attributes every operation to it. */
    @Test
    void everyOperationIsDelegatedAndTraced() throws Exception {
        TracingBackend traced = new TracingBackend(fake(Backend.class, "fake-backend"), Tracing.of(provider.get("t")));
        Map<String, Function<TracingBackend, Object>> primitives = Map.of(
                "kv", b -> b.keyValue("ns-kv"),
                "registry", b -> b.registry(RegistryConfig.of("ns-registry")),
                "cache", b -> b.cache("ns-cache"),
                "idempotency", b -> b.idempotency(IdempotencyConfig.of("ns-idempotency")),
                "lock", b -> b.locks(LockConfig.of("ns-lock")),
                "log", b -> b.log("ns-log"));
        int checked = 0;
        for (Map.Entry<String, Function<TracingBackend, Object>> e : primitives.entrySet()) {
            Object primitive = e.getValue().apply(traced);
            for (Method m : primitive.getClass().getInterfaces()[0].getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    check(e.getKey(), primitive, m);
                    checked++;
                }
            }
        }
        assertThat(checked).as("operations checked").isGreaterThan(25);
    }

    private void check(String prefix, Object primitive, Method m) throws Exception {
        for (boolean b : new boolean[] {true, false}) {
            exporter.reset();
            calls.clear();
            nextBoolean = b;
            Object[] args = arguments(m);
            Object result = invoke(m, primitive, args);
            assertThat(calls).as("%s.%s reaches the wrapped primitive once with the caller's arguments",
                    prefix, m.getName()).containsExactly(signature(m, args));
            Object expected = returnFor(m);
            if (m.getReturnType() != void.class && expected != null) {
                assertThat(result).as("%s.%s returns what the wrapped primitive returned", prefix, m.getName())
                        .isEqualTo(expected);
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            if (UNTRACED.contains(m.getName())) {
                assertThat(spans).as("%s.%s makes no span", prefix, m.getName()).isEmpty();
                return;
            }
            assertThat(spans).as("%s.%s makes one span", prefix, m.getName()).hasSize(1);
            SpanData span = spans.get(0);
            assertThat(span.getName()).isEqualTo(prefix + "." + m.getName());
            assertThat(span.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
            assertThat(span.getAttributes().get(Tracing.BACKEND)).isEqualTo("fake-backend");
            assertThat(span.getAttributes().get(Tracing.OPERATION)).isEqualTo(prefix + "." + m.getName());
            assertThat(span.getAttributes().get(Tracing.NAMESPACE)).isEqualTo("ns-" + prefix);
            if (m.getReturnType() != boolean.class && m.getReturnType() != io.dsbench.spec.kv.CasResult.class) {
                return; // one call is enough where the result cannot take two values
            }
        }
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == String.class) {
                args[i] = "arg" + i;
            } else if (t == long.class) {
                args[i] = 1000L + i;
            } else if (t == int.class) {
                args[i] = 10 + i;
            } else if (t == boolean.class) {
                args[i] = true;
            } else if (t == byte[].class) {
                args[i] = new byte[] {(byte) i, 42};
            } else if (t == Duration.class) {
                args[i] = Duration.ofSeconds(7 + i);
            } else {
                args[i] = null; // records and listeners: passed through untouched, compared by identity
            }
        }
        return args;
    }

    private static String signature(Method m, Object[] args) {
        return m.getName() + Arrays.deepToString(args);
    }

    /** A distinct, recognisable result per operation; {@code null} where no generic value can be made. */
    private Object returnFor(Method m) {
        Class<?> type = m.getReturnType();
        String method = m.getName();
        if (method.equals("name") || method.equals("namespace")) {
            return primitiveNamespace(m.getDeclaringClass());
        } else if (type == boolean.class) {
            return nextBoolean;
        } else if (type == long.class) {
            return 4242L;
        } else if (type == int.class) {
            return 4242;
        } else if (type == io.dsbench.spec.kv.CasResult.class) {
            return new io.dsbench.spec.kv.CasResult(nextBoolean, 4343L);
        } else if (type == Optional.class) {
            return Optional.of("result-of-" + method);
        } else if (type == List.class) {
            return List.of("result-of-" + method);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private <T> T fake(Class<T> type, String backendName) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> proxy == args[0];
                };
            }
            if (type == Backend.class) {
                return backend(m, args, backendName);
            }
            calls.add(signature(m, args == null ? new Object[0] : args));
            return returnFor(m);
        });
    }

    private Object backend(Method m, Object[] args, String backendName) {
        return switch (m.getName()) {
            case "name" -> backendName;
            case "keyValue", "cache", "log", "registry", "idempotency", "locks" -> fake(m.getReturnType(), backendName);
            default -> null;
        };
    }

    private static String primitiveNamespace(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "KeyValueStore" -> "ns-kv";
            case "CacheStore" -> "ns-cache";
            case "DurableLog" -> "ns-log";
            default -> "ns-?";
        };
    }
}
