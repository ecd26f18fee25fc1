package io.dsbench.spi;

import java.util.Set;

/**
 * A backend implementation, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.dsbench.spi.BackendProvider}. Needs a public no-argument constructor.
 */
public interface BackendProvider {
    /** Unique lower-case name used on the command line, e.g. {@code inmemory}. */
    String name();

    /** One line: what this backend is and what it needs (e.g. "needs redis-server on PATH"). */
    String description();

    /** Capabilities a backend opened with default options declares. */
    Set<Capability> capabilities();

    /**
     * Opens a backend. A managed config (no endpoints) starts the servers the backend needs.
     *
     * @throws IllegalArgumentException for a bad config (naming the field)
     * @throws io.dsbench.spec.BackendException if servers cannot be started or reached
     */
    Backend open(BackendConfig config);
}
