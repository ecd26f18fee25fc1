package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.tradeoffs.Latencies;

import java.util.Optional;

/**
 * A {@link KeyValueStore} that times every call of the store it wraps: gets into {@code reads}, puts,
 * compare-and-sets and deletes into {@code writes} (a call that throws counts as failed and is rethrown). Used by
 * the consistency experiment to put a latency beside each variant's stale-read count, from the same calls.
 */
final class MeasuredKv implements KeyValueStore {
    private final KeyValueStore delegate;
    private final Latencies reads;
    private final Latencies writes;

    MeasuredKv(KeyValueStore delegate, Latencies reads, Latencies writes) {
        this.delegate = delegate;
        this.reads = reads;
        this.writes = writes;
    }

    @Override
    public String namespace() {
        return delegate.namespace();
    }

    @Override
    public Optional<Versioned> get(String key) {
        return reads.time(() -> delegate.get(key));
    }

    @Override
    public long put(String key, byte[] value) {
        return writes.time(() -> delegate.put(key, value));
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        return writes.time(() -> delegate.compareAndSet(key, expectedVersion, value));
    }

    @Override
    public boolean delete(String key) {
        return writes.time(() -> delegate.delete(key));
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        return writes.time(() -> delegate.compareAndDelete(key, expectedVersion));
    }
}
