package io.dsbench.inmemory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The shared data of one idempotency namespace: records and the claim-token counter. All methods that
 * touch it synchronise on this object (one lock per namespace).
 */
final class IdempotencyState {
    final InMemoryBackend backend;
    final String namespace;
    /** Live or not yet reclaimed records, by key; guarded by {@code this}. */
    final Map<String, Rec> records = new HashMap<>();
    /** The last claim token handed out; guarded by {@code this}. */
    long lastToken;

    /** One record: in progress (deadline = claim's lock timeout) or completed (deadline = retention). */
    record Rec(String fingerprint, long token, boolean completed, byte[] result, long deadline) {
    }

    IdempotencyState(InMemoryBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    /** The record for {@code key} if live; removes it if its deadline passed. Caller holds the lock. */
    Rec live(String key) {
        Rec r = records.get(key);
        if (r != null && backend.expired(r.deadline())) {
            records.remove(key);
            return null;
        }
        return r;
    }

    synchronized void sweep() {
        for (Iterator<Rec> it = records.values().iterator(); it.hasNext(); ) {
            if (backend.expired(it.next().deadline())) {
                it.remove();
            }
        }
    }

    /** A simulated crash: every record is dropped; the token counter is kept unless {@code keepCounters} is false. */
    synchronized void crash(boolean keepCounters) {
        records.clear();
        if (!keepCounters) {
            lastToken = 0;
        }
    }
}
