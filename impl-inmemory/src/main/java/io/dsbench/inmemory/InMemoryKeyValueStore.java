package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code inmemory} key-value store of one namespace.
 *
 * <p>Linearizability scope: every operation runs under one lock per namespace (this object's monitor), so
 * every single-key operation (and in fact every operation on the namespace) is linearizable; the
 * linearization point is inside the lock.
 *
 * <p>Versions come from one counter per namespace, so a key's version strictly increases across puts,
 * compare-and-sets and delete + re-create. Values are copied in and out.
 */
final class InMemoryKeyValueStore implements KeyValueStore {
    private final InMemoryBackend backend;
    private final String namespace;
    private final Map<String, Versioned> entries = new HashMap<>();
    private long lastVersion;

    InMemoryKeyValueStore(InMemoryBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public synchronized Optional<Versioned> get(String key) {
        Checks.requireKey("key", key);
        backend.ensureOpen();
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized long put(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        backend.ensureOpen();
        long version = ++lastVersion;
        entries.put(key, new Versioned(value, version));
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
        entries.put(key, new Versioned(value, version));
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
        Versioned v = entries.get(key);
        return v == null ? ABSENT : v.version();
    }

    private static void requireExpected(long expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion = " + expectedVersion
                    + " is out of range (legal range: >= 0, 0 = absent)");
        }
    }

    /** A simulated crash: every key is dropped; the version counter is kept unless {@code keepCounters} is false. */
    synchronized void crash(boolean keepCounters) {
        entries.clear();
        if (!keepCounters) {
            lastVersion = 0;
        }
    }
}
