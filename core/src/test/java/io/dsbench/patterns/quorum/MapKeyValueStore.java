package io.dsbench.patterns.quorum;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A minimal synchronized KeyValueStore for core's unit tests (the real backends are tested by the kit). */
final class MapKeyValueStore implements KeyValueStore {
    private final String namespace;
    private final Map<String, Versioned> data = new HashMap<>();
    private long counter;

    MapKeyValueStore(String namespace) {
        this.namespace = namespace;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public synchronized Optional<Versioned> get(String key) {
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public synchronized long put(String key, byte[] value) {
        data.put(key, new Versioned(value, ++counter));
        return counter;
    }

    @Override
    public synchronized CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        Versioned cur = data.get(key);
        long v = cur == null ? ABSENT : cur.version();
        if (v != expectedVersion) {
            return CasResult.failure(v);
        }
        return CasResult.success(put(key, value));
    }

    @Override
    public synchronized boolean delete(String key) {
        return data.remove(key) != null;
    }

    @Override
    public synchronized CasResult compareAndDelete(String key, long expectedVersion) {
        Versioned cur = data.get(key);
        long v = cur == null ? ABSENT : cur.version();
        if (v != expectedVersion || cur == null) {
            return CasResult.failure(v);
        }
        data.remove(key);
        return CasResult.success(0);
    }
}
