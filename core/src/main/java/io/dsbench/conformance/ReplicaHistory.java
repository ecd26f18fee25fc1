package io.dsbench.conformance;

import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a QUORUM rule with the history of the writes made to it. A quorum store writes a replica only by
 * compare-and-set against the version it read (a max register), so on a correct backend a compare-and-set whose
 * expected version is no longer the replica's is refused (a write that lost a race, counted by {@link #races()}),
 * and every write that succeeds carries an envelope newer than all written before. {@link #problems()} lists the
 * writes that broke this: a compare-and-set that succeeded although the replica held another version, and an
 * older envelope written over a newer one (an acknowledged write undone). Writes are made one at a time per
 * replica, each after reading the replica's current version, so the history is the order the backend applied
 * them in; this costs one read per write and is meant for the rules about concurrent writers.
 */
final class ReplicaHistory extends Forwarding.Kv {
    private final Map<String, QuorumEnvelope> newest = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long races;

    ReplicaHistory(KeyValueStore store) {
        super(store);
    }

    /** The writes that broke the compare-and-set contract, described (none for a correct backend). */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    /** Compare-and-sets whose expected version was no longer the replica's: writes that lost a race. */
    synchronized long races() {
        return races;
    }

    @Override
    public synchronized long put(String key, byte[] value) {
        return d.put(key, value);
    }

    @Override
    public synchronized CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        long current = d.get(key).map(Versioned::version).orElse(ABSENT);
        CasResult r = d.compareAndSet(key, expectedVersion, value);
        if (current != expectedVersion) {
            races++;
            if (r.succeeded()) {
                problems.add(namespace() + " key '" + key + "': compare-and-set against version " + expectedVersion
                        + " succeeded while the replica held version " + current);
            }
        }
        if (r.succeeded()) {
            QuorumEnvelope.decode(value).ifPresent(e -> {
                QuorumEnvelope before = newest.get(key);
                if (before != null && e.compareTo(before) < 0) {
                    problems.add(namespace() + " key '" + key + "': " + e + " written over the newer " + before);
                } else {
                    newest.put(key, e);
                }
            });
        }
        return r;
    }

    @Override
    public synchronized boolean delete(String key) {
        return d.delete(key);
    }

    @Override
    public synchronized CasResult compareAndDelete(String key, long expectedVersion) {
        return d.compareAndDelete(key, expectedVersion);
    }
}
