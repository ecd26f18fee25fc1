package io.dsbench.inmemory;

import java.util.HashMap;
import java.util.Map;

/**
 * The shared data of one lock namespace: the current holder of each lock and the fencing-token counter.
 * Guarded by this object's monitor (one lock per namespace); waiters in {@code acquire} wait on it.
 */
final class LockState {
    final InMemoryBackend backend;
    final String namespace;
    /** Current grants by lock name; an entry whose deadline passed is free. Guarded by {@code this}. */
    final Map<String, Holder> holders = new HashMap<>();
    /** The last fencing token handed out in this namespace; guarded by {@code this}. */
    long lastToken;

    /** A grant: its token, lease and the ticker deadline at which it runs out. */
    record Holder(long token, java.time.Duration lease, long deadline) {
    }

    LockState(InMemoryBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    /** The live holder of {@code name}, removing an expired one. Caller holds the lock. */
    Holder live(String name) {
        Holder h = holders.get(name);
        if (h != null && backend.expired(h.deadline())) {
            holders.remove(name);
            return null;
        }
        return h;
    }

    /** A simulated crash: every grant is dropped; the token counter is kept unless {@code keepCounters} is false. */
    synchronized void crash(boolean keepCounters) {
        holders.clear();
        if (!keepCounters) {
            lastToken = 0;
        }
        notifyAll();
    }

    synchronized void wakeAll() {
        notifyAll();
    }
}
