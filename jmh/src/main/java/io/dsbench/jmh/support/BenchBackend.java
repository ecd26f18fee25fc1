package io.dsbench.jmh.support;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The facade every backend benchmark reaches its backend through (the Caffeine benchmarks' style: one small facade,
 * the implementation chosen by {@code @Param}). The benchmark's {@code @Param backend} is a provider name, so any
 * backend found by {@link java.util.ServiceLoader} can be benchmarked, not only the three of this repository.
 *
 * <p>Opening reuses the backends' own launchers: a managed config (no endpoint) makes the provider start its servers
 * ({@code RedisDeployment}, {@code EtcdCluster}) on loopback and stop them on {@link #close()}, exactly as
 * {@code dsbench run} does. An external server is named by the system property {@value #ENDPOINT_PROPERTY}{@code
 * <backend>} (comma-separated URIs), set by {@code JmhBenchmarks} on the forked JVM; its password comes from the
 * environment variable {@code DSBENCH_<BACKEND>_PASSWORD}, as for {@code dsbench run}. Everything is written under a
 * fresh key prefix {@code dsbench/jmh-<random>}, deleted at close on an external server.
 *
 * <p>Thread-safe.
 */
public final class BenchBackend implements AutoCloseable {
    /** System property prefix naming external endpoints: {@code dsbench.jmh.endpoint.redis=redis://h:6379/0}. */
    public static final String ENDPOINT_PROPERTY = "dsbench.jmh.endpoint.";

    private final Backend backend;
    private final boolean external;
    private final AtomicInteger names = new AtomicInteger();

    private BenchBackend(Backend backend, boolean external) {
        this.backend = backend;
        this.external = external;
    }

    /** Opens backend {@code name}: managed unless an endpoint property names its servers. */
    public static BenchBackend open(String name) {
        BackendConfig.Builder b = BackendConfig.builder(name)
                .keyPrefix("dsbench/jmh-" + UUID.randomUUID().toString().substring(0, 8));
        String endpoints = System.getProperty(ENDPOINT_PROPERTY + name);
        boolean external = endpoints != null && !endpoints.isBlank();
        if (external) {
            for (String u : endpoints.split(",")) {
                if (!u.isBlank()) {
                    b.endpoint(u.trim());
                }
            }
            String password = System.getenv("DSBENCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD");
            if (password != null && !password.isEmpty()) {
                b.password(password);
            }
        }
        return new BenchBackend(Backends.open(b.build()), external);
    }

    /** The opened backend. */
    public Backend backend() {
        return backend;
    }

    /** The backend's name. */
    public String name() {
        return backend.name();
    }

    /** A namespace no other benchmark state of this JVM uses: {@code purpose-<n>}. */
    public String unique(String purpose) {
        return purpose + "-" + names.incrementAndGet();
    }

    @Override
    public void close() {
        try {
            if (external) {
                backend.deleteWrittenData();
            }
        } finally {
            backend.close();
        }
    }
}
