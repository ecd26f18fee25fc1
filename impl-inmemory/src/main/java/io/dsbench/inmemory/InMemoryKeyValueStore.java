package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code inmemory} key-value store of one namespace.
 *
 * <p>Linearizability scope: writes (put, compare-and-set, delete, compare-and-delete, a simulated crash) run under
 * one lock per namespace (this object's monitor), so they are totally ordered, and each takes effect at its one write
 * to the {@link ConcurrentHashMap} inside the lock (a compare-and-set reads the current version under the same lock,
 * so nothing can come between its read and its write). Reads take no lock: a get is one {@code ConcurrentHashMap.get}
 * (a volatile read of the key's entry), which sees the last write that took effect before it, so its linearization
 * point is that read. Every single-key operation is therefore linearizable, as the kit's KV-LIN and Lincheck tests
 * check. A simulated crash swaps in an empty map atomically (one volatile write), so a reader sees all keys of the
 * namespace before the crash or none after it.
 *
 * <p>Versions come from one counter per namespace, so a key's version strictly increases across puts,
 * compare-and-sets and delete + re-create. Values are copied in (by {@link Versioned}) and out (by
 * {@link Versioned#value()}); the map holds each value's {@code Optional} ready-made (immutable, so it is shared by
 * every reader), which makes a get allocation-free.
 */
final class InMemoryKeyValueStore implements KeyValueStore {
    private final InMemoryBackend backend;
    private final String namespace;
    /** Replaced (never cleared) by a crash; written only under this object's monitor. */
    private volatile ConcurrentHashMap<String, Optional<Versioned>> entries = new ConcurrentHashMap<>();
    private long lastVersion; // guarded by this

    InMemoryKeyValueStore(InMemoryBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Versioned> get(String key) {
        Checks.requireKey("key", key);
        backend.ensureOpen();
        Optional<Versioned> v = entries.get(key);
        return v != null ? v : Optional.empty();
    }

    @Override
    public synchronized long put(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        backend.ensureOpen();
        long version = ++lastVersion;
        entries.put(key, Optional.of(new Versioned(value, version)));
        return version;
    }

    @Override
    public synchronized CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        requireExpected(expectedVersion);
        backend.ensureOpen();
        long current = currentVersion(key);
        if (current != expectedVersion) {
            return CasResult.failure(current);
        }
        long version = ++lastVersion;
        entries.put(key, Optional.of(new Versioned(value, version)));
        return CasResult.success(version);
    }

    @Override
    public synchronized boolean delete(String key) {
        Checks.requireKey("key", key);
        backend.ensureOpen();
        return entries.remove(key) != null;
    }

    @Override
    public synchronized CasResult compareAndDelete(String key, long expectedVersion) {
        Checks.requireKey("key", key);
        requireExpected(expectedVersion);
        backend.ensureOpen();
        long current = currentVersion(key);
        if (current == ABSENT || current != expectedVersion) {
            return CasResult.failure(current);
        }
        entries.remove(key);
        return CasResult.success(ABSENT);
    }

    private long currentVersion(String key) {
        Optional<Versioned> v = entries.get(key);
        return v == null ? ABSENT : v.get().version();
    }

    private static void requireExpected(long expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion = " + expectedVersion
                    + " is out of range (legal range: >= 0, 0 = absent)");
        }
    }

    /** A simulated crash: every key is dropped; the version counter is kept unless {@code keepCounters} is false. */
    synchronized void crash(boolean keepCounters) {
        entries = new ConcurrentHashMap<>();
        if (!keepCounters) {
            lastVersion = 0;
        }
    }
}
