package io.dsbench.spec.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A cache with a time-to-live per entry. It is the cache side of the caching strategies
 * (cache-aside, write-through, write-behind).
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>An entry is present from {@link #put} until TTL - tolerance at least, and gone by TTL + tolerance
 *       (tolerance: {@link io.dsbench.spi.BackendTiming#ttlTolerance()}).</li>
 *   <li>{@code put} overwrites and restarts the TTL; {@link #putIfAbsent} writes only when no live entry
 *       exists (used by lease-style strategies).</li>
 *   <li>{@link #invalidate} removes at once.</li>
 * </ul>
 * Thread-safe; single-entry operations are atomic. A cache may lose entries early (eviction); the kit
 * does not count that against it unless the backend declares no eviction.
 *
 * <h2>Errors</h2>
 * Null or empty keys, null values and zero or negative TTLs are {@link IllegalArgumentException}s.
 */
public interface CacheStore {
    /** The cache's name (its namespace). */
    String name();

    /** The live value, or empty. */
    Optional<byte[]> get(String key);

    /** Stores a value for {@code ttl}. */
    void put(String key, byte[] value, Duration ttl);

    /** Stores a value for {@code ttl} only if no live entry exists; returns whether it was stored. */
    boolean putIfAbsent(String key, byte[] value, Duration ttl);

    /** Removes an entry; returns whether a live entry was removed. */
    boolean invalidate(String key);
}
