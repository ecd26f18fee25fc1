package io.dsbench.patterns.caching;

import java.util.Optional;

/**
 * A cache in front of a system of record, seen by the application: reads and writes by key.
 *
 * <p>Implementations are thread-safe. Errors of the cache or the store surface as
 * {@link io.dsbench.spec.BackendException} after the call policy's retries; null or empty keys and null
 * values are {@link IllegalArgumentException}s.
 */
public interface CachingStrategy extends AutoCloseable {
    /** A short name for reports, e.g. {@code cache-aside}. */
    String strategyName();

    /** The value for {@code key}, from the cache if present there, else from the store. */
    Optional<byte[]> read(String key);

    /** Writes {@code value} for {@code key} according to the strategy. */
    void write(String key, byte[] value);

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
