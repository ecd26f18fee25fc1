package io.dsbench.spec.kv;

import java.util.Optional;

/**
 * A versioned key-value store: the storage primitive under quorum replication, sharding, caching
 * strategies and the pattern state that needs compare-and-set.
 *
 * <h2>Semantics (sequential)</h2>
 * <ul>
 *   <li>Every successful mutation of a key gives it a new version, strictly greater than every version
 *       that key had before, <b>including across delete and re-create</b> (a backend may use a counter
 *       per namespace or a global revision; versions of different keys are not comparable).</li>
 *   <li>{@link #ABSENT} (0) is never a real version: it stands for "the key does not exist", both as an
 *       expected version (create-if-absent) and in a failed {@link CasResult}.</li>
 *   <li>Keys are non-empty strings of any characters (spaces, slashes, non-ASCII); values are byte arrays
 *       of any length from 0 up to at least 1 MiB, returned exactly.</li>
 * </ul>
 *
 * <h2>Thread safety and consistency</h2>
 * Implementations are thread-safe. Each single-key operation is atomic. Whether operations are
 * linearizable is declared by the backend's {@link io.dsbench.spi.Capability#LINEARIZABLE_KV}
 * capability and checked by the kit's LIN rules; no multi-key atomicity is promised.
 *
 * <h2>Errors</h2>
 * A null or empty key, or a null value, is an {@link IllegalArgumentException} naming the argument.
 * Backend failures are {@link io.dsbench.spec.BackendException}.
 */
public interface KeyValueStore {
    /** The version that stands for "absent". */
    long ABSENT = 0L;

    /** The namespace this store is isolated in. */
    String namespace();

    /** The current value and version, or empty if the key does not exist. */
    Optional<Versioned> get(String key);

    /** Writes unconditionally and returns the new version. */
    long put(String key, byte[] value);

    /**
     * Writes only if the key's current version is {@code expectedVersion} ({@link #ABSENT}: only if the
     * key does not exist). On failure nothing changes and the result carries the current version.
     */
    CasResult compareAndSet(String key, long expectedVersion, byte[] value);

    /** Deletes the key; returns false if it did not exist. */
    boolean delete(String key);

    /**
     * Deletes only if the key's current version is {@code expectedVersion}. On failure nothing changes
     * and the result carries the current version ({@link #ABSENT} if missing).
     */
    CasResult compareAndDelete(String key, long expectedVersion);
}
