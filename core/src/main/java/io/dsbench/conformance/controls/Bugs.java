package io.dsbench.conformance.controls;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spi.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/** Shared pieces of the planted bugs: a simulated round trip, lenient keys, delayed calls. */
final class Bugs {
    private Bugs() {
    }

    /** A simulated network round trip (0.2 ms) between a read and the write that depends on it. */
    static void roundTrip() {
        LockSupport.parkNanos(200_000);
    }

    /** An empty key or name the store accepts silently (mapped to a key of its own) instead of rejecting it. */
    static String lenient(String key) {
        return key == null || key.isEmpty() ? "<empty>" : key;
    }

    /** Types a lambda that breaks the backend itself (its namespaces, configs). */
    static UnaryOperator<Backend> backend(UnaryOperator<Backend> b) {
        return b;
    }

    static final String LEX = "records read in the order of their keys as text (10 before 2)";

    /** A log keyed by the sequence as text, read back in the keys' text order (10 before 2). */
    static DurableLog lexicographicLog(DurableLog l) {
        return new Forwarding.Log(l) {
            @Override
            public List<LogRecord> read(long fromSequence, int maxRecords) {
                List<LogRecord> r = new ArrayList<>(d.read(fromSequence, maxRecords));
                r.sort(java.util.Comparator.comparing(x -> Long.toString(x.sequence())));
                return r;
            }
        };
    }

    /** One thread for bugs that apply a call later (asynchronous registration, late cache puts). */
    static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dsbench-planted-bug-later");
        t.setDaemon(true);
        return t;
    });


    static final String MISSES_LAST = "a read misses the last record of the log";

    /** A log whose read misses the last record (e.g. a read from a replica one write behind). */
    static DurableLog missesLastRecord(DurableLog l) {
        return new Forwarding.Log(l) {
            @Override
            public List<LogRecord> read(long fromSequence, int maxRecords) {
                List<LogRecord> r = d.read(fromSequence, maxRecords);
                long last = d.lastSequence();
                return r.isEmpty() || r.get(r.size() - 1).sequence() != last ? r : r.subList(0, r.size() - 1);
            }
        };
    }

    /** A store whose delete and compare-and-delete answer success but keep the key. */
    static KeyValueStore deleteKeepsKey(KeyValueStore s) {
        return new Forwarding.Kv(s) {
            @Override
            public boolean delete(String key) {
                return d.get(key).isPresent();
            }

            @Override
            public CasResult compareAndDelete(String key, long expectedVersion) {
                long v = d.get(key).map(Versioned::version).orElse(ABSENT);
                return v == expectedVersion && v != ABSENT ? CasResult.success(ABSENT) : CasResult.failure(v);
            }
        };
    }

    static final String MISSING_READS_EMPTY = "a missing key reads as an empty value";

    /** A store that reads a missing key as present with an empty value (a nil reply mapped to ""). */
    static KeyValueStore missingKeyReadsEmpty(KeyValueStore s) {
        return new Forwarding.Kv(s) {
            @Override
            public Optional<Versioned> get(String key) {
                return Optional.of(d.get(key).orElse(new Versioned(new byte[0], 1)));
            }
        };
    }

    static final String BLIND_CAS = "CAS that ignores the expected version (last writer wins)";

    /** A store whose compare-and-set checks the version only on create; an update is a plain put. */
    static KeyValueStore blindCas(KeyValueStore s) {
        return new Forwarding.Kv(s) {
            @Override
            public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                return expectedVersion == ABSENT ? d.compareAndSet(key, expectedVersion, value)
                        : CasResult.success(d.put(key, value));
            }
        };
    }
}
