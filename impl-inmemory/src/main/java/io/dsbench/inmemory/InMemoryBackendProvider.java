package io.dsbench.inmemory;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendProvider;
import io.dsbench.spi.Capability;
import java.util.EnumSet;
import java.util.Set;

/**
 * Provider of backend {@code inmemory}: no servers, data in the JVM. Each {@link #open} returns a new,
 * empty {@link InMemoryBackend}.
 *
 * <p>Options ({@link BackendConfig#options()}):
 * <ul>
 *   <li>{@code sweepIntervalMillis}: how often the background sweeper reclaims expired entries and
 *       emits {@code EXPIRED} watch events (default 50; 0 turns the sweeper off: expiry is then only
 *       detected lazily, on access).</li>
 *   <li>{@code watchBuffer}: how many registry events a watch may have waiting for its listener (default
 *       10000); a watch further behind drops them and delivers one RESET with the current instances.</li>
 * </ul>
 * Endpoints, credentials and the key prefix are not used; endpoints are rejected.
 *
 * <p>Thread-safe and stateless.
 */
public final class InMemoryBackendProvider implements BackendProvider {
    /** The backend's name on the command line. */
    public static final String NAME = "inmemory";

    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(
            Capability.LINEARIZABLE_KV,
            Capability.LINEARIZABLE_LOCKS,
            Capability.LINEARIZABLE_IDEMPOTENCY,
            Capability.WATCH,
            Capability.FAULTS));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "in-process structures, no servers needed; data lives until the backend is closed";
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Backend open(BackendConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new InMemoryBackend(config);
    }
}
