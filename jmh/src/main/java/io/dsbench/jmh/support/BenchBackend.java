package io.dsbench.jmh.support;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Shared mode (system property {@value #SHARED_PROPERTY}{@code =true}, set on quick mode's one JVM per backend):
 * {@link #open} returns one backend per name for the whole JVM, {@link #close()} leaves it open, and
 * {@link #closeShared()} really closes it (after the last run, or after a failed run so the next one starts afresh).
 *
 * <p>Thread-safe.
 */
public final class BenchBackend implements AutoCloseable {
    /** System property prefix naming external endpoints: {@code dsbench.jmh.endpoint.redis=redis://h:6379/0}. */
    public static final String ENDPOINT_PROPERTY = "dsbench.jmh.endpoint.";
    /** System property: {@code true} makes every {@link #open} of a name in this JVM return the same backend. */
    public static final String SHARED_PROPERTY = "dsbench.jmh.sharedBackend";

    private static final Map<String, BenchBackend> SHARED = new ConcurrentHashMap<>();

    private final Backend backend;
    private final boolean external;
    private final boolean shared;
    private final AtomicInteger names = new AtomicInteger();

    private BenchBackend(Backend backend, boolean external, boolean shared) {
        this.backend = backend;
        this.external = external;
        this.shared = shared;
    }

    /**
     * Opens backend {@code name}: managed unless an endpoint property names its servers; in shared mode, the one
     * backend of that name this JVM has open (opened on first use).
     */
    public static BenchBackend open(String name) {
        if (Boolean.getBoolean(SHARED_PROPERTY)) {
            return SHARED.computeIfAbsent(name, n -> openNew(n, true));
        }
        return openNew(name, false);
    }

    /** Closes the shared backends (shared mode); the next {@link #open} opens a new one. */
    public static void closeShared() {
        for (String name : List.copyOf(SHARED.keySet())) {
            BenchBackend b = SHARED.remove(name);
            if (b != null) {
                b.reallyClose();
            }
        }
    }

    private static BenchBackend openNew(String name, boolean shared) {
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
        return new BenchBackend(Backends.open(b.build()), external, shared);
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

    /** Closes the backend (deleting what it wrote on an external server); a shared one stays open. */
    @Override
    public void close() {
        if (!shared) {
            reallyClose();
        }
    }

    private void reallyClose() {
        try {
            if (external) {
                backend.deleteWrittenData();
            }
        } finally {
            backend.close();
        }
    }
}
