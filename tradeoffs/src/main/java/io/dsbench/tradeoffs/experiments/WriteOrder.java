package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The "writes ordered, no conflicts" check of a single leader: writers race read-then-compare-and-set on a few shared
 * keys, and every acknowledged compare-and-set is recorded as (key, the version it expected, the version it made).
 * If one leader orders every write, each key's acknowledged writes form one chain: no two of them were accepted on
 * the same base version (a <b>fork</b>: two writes that each overwrote the same value without seeing the other,
 * what two leaders accepting concurrent writes produce) and no two got the same version (a <b>duplicate</b>).
 * Both are conflicts. A write whose reply was lost (it failed, may have taken effect) is not acknowledged and not
 * recorded; a later write based on it is still checked against every acknowledged one.
 */
final class WriteOrder {
    /** One acknowledged compare-and-set. */
    record Ack(String key, long expected, long version) {
    }

    /** The verdict: writes and keys checked, forks and duplicate versions found. */
    record Result(long writes, int keys, long forks, long duplicates, long failedCalls) {
        long conflicts() {
            return forks + duplicates;
        }
    }

    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicLong failed = new AtomicLong();
    private final int keys;

    WriteOrder(int keys) {
        this.keys = keys;
    }

    /**
     * One step of writer {@code thread}: reads a shared key and compare-and-sets it to a new value on the version
     * read; records the write when it is acknowledged. Backend failures (during a failover) are counted, not thrown.
     */
    void step(KeyValueStore kv, int thread, long i) {
        String key = "k" + ((thread + i) % keys);
        try {
            long expected = kv.get(key).map(Versioned::version).orElse(0L);
            CasResult r = kv.compareAndSet(key, expected, (thread + ":" + i).getBytes(StandardCharsets.UTF_8));
            if (r.succeeded()) {
                acks.add(new Ack(key, expected, r.version()));
            }
        } catch (BackendException e) {
            failed.incrementAndGet();
        }
    }

    /** Checks every acknowledged write recorded so far. */
    Result check() {
        List<Ack> all = new ArrayList<>(acks);
        Map<String, Set<Long>> bases = new HashMap<>();
        Map<String, Set<Long>> versions = new HashMap<>();
        long forks = 0;
        long duplicates = 0;
        for (Ack a : all) {
            if (!bases.computeIfAbsent(a.key(), k -> new HashSet<>()).add(a.expected())) {
                forks++;
            }
            if (!versions.computeIfAbsent(a.key(), k -> new HashSet<>()).add(a.version())) {
                duplicates++;
            }
        }
        return new Result(all.size(), versions.size(), forks, duplicates, failed.get());
    }
}
