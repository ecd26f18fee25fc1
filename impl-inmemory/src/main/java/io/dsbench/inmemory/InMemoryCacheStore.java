package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code inmemory} cache of one name: a map of entries with a deadline on the backend's ticker.
 *
 * <p>Linearizability scope: every operation runs under this cache's lock, so single-entry operations are
 * linearizable. Expiry is exact and lazy: an entry whose deadline has been reached is treated as absent by
 * every operation (and removed), whether or not the sweeper has run. No eviction.
 */
final class InMemoryCacheStore implements CacheStore {
    private final InMemoryBackend backend;
    private final String name;
    private final Map<String, Entry> entries = new HashMap<>();

    private record Entry(byte[] value, long deadline) {
    }

    InMemoryCacheStore(InMemoryBackend backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Optional<byte[]> get(String key) {
        Checks.requireKey("key", key);
        backend.ensureOpen();
        Entry e = live(key);
        return e == null ? Optional.empty() : Optional.of(e.value.clone());
    }

    @Override
    public synchronized void put(String key, byte[] value, Duration ttl) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        InMemoryBackend.requireTtl("ttl", ttl);
        backend.ensureOpen();
        entries.put(key, new Entry(value.clone(), backend.deadline(ttl)));
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        InMemoryBackend.requireTtl("ttl", ttl);
        backend.ensureOpen();
        if (live(key) != null) {
            return false;
        }
        entries.put(key, new Entry(value.clone(), backend.deadline(ttl)));
        return true;
    }

    @Override
    public synchronized boolean invalidate(String key) {
        Checks.requireKey("key", key);
        backend.ensureOpen();
        return live(key) != null && entries.remove(key) != null;
    }

    /** The entry if present and not expired; removes it if expired. Caller holds the lock. */
    private Entry live(String key) {
        Entry e = entries.get(key);
        if (e != null && backend.expired(e.deadline)) {
            entries.remove(key);
            return null;
        }
        return e;
    }

    synchronized void sweep() {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (backend.expired(it.next().deadline)) {
                it.remove();
            }
        }
    }

    /** A simulated crash without persistence: every entry is dropped. */
    synchronized void crash() {
        entries.clear();
    }
}
