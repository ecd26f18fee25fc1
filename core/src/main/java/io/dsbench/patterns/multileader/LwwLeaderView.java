package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.Optional;

/**
 * One leader of an {@link LwwStore} seen as a {@link KeyValueStore}, so that the workloads and checkers written for
 * key-value stores (the consistency ladder) measure what a client of that leader gets. A key's version is its
 * winning write's place in the last-writer-wins order, {@code stamp << 6 | leader} (stamps are hybrid logical
 * clock values below 2^53 and leaders fewer than {@link ReplicationConfig#MAX_LEADERS} = 64, so versions never tie
 * and grow with the order); a delete is a write of a tombstone and reads as absent.
 *
 * <p>What it gives up, on purpose: {@link #compareAndSet} and {@link #compareAndDelete} compare at this leader only
 * and then write there; a write replicated from another leader may land between the compare and the write, and a
 * concurrent write at another leader may win afterwards. Multi-leader replication has no cross-leader atomic
 * compare; this view does not pretend to one. Thread-safe as the store is.
 */
public final class LwwLeaderView implements KeyValueStore {
    private final LwwStore store;
    private final int leader;
    private final String namespace;

    /** A view of {@code leader} (0-based) of {@code store}. */
    public LwwLeaderView(LwwStore store, int leader) {
        this.store = Checks.requireNonNull("store", store);
        this.leader = Checks.requireRange("leader", leader, 0, store.leaders() - 1);
        this.namespace = "lww-leader-" + leader;
    }

    /** The version {@code write} reads as: its place in the last-writer-wins order. */
    static long version(Sibling write) {
        return write.stamp() << 6 | write.dot().leader();
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Versioned> get(String key) {
        Checks.requireKey("key", key);
        return store.read(leader, key).filter(w -> !w.deleted()).map(w -> new Versioned(w.value(), version(w)));
    }

    @Override
    public long put(String key, byte[] value) {
        return version(store.put(leader, key, value));
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        long current = currentVersion(key);
        if (current != expectedVersion) {
            return CasResult.failure(current);
        }
        return CasResult.success(put(key, value));
    }

    @Override
    public boolean delete(String key) {
        boolean present = currentVersion(key) != ABSENT;
        store.delete(leader, key);
        return present;
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        long current = currentVersion(key);
        if (current != expectedVersion || current == ABSENT) {
            return CasResult.failure(current);
        }
        store.delete(leader, key);
        return CasResult.success(ABSENT);
    }

    private long currentVersion(String key) {
        return get(key).map(Versioned::version).orElse(ABSENT);
    }
}
