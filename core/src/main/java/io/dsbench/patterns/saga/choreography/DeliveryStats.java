package io.dsbench.patterns.saga.choreography;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the consumers of one {@link ChoreographyRuntime} did, across every instance of every service (in memory,
 * for reports and the kit): events read, handlings started (of which redeliveries: an event the same service had
 * started handling before, in this or an earlier instance), handlings that failed transiently, instance restarts.
 * Thread-safe.
 */
public final class DeliveryStats {
    private final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> handlings = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> redeliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> restarts = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> redeliveredKinds = new ConcurrentHashMap<>();

    void read(String service) {
        count(reads, service);
    }

    void handling(String service, EventLog.Delivered d) {
        count(handlings, service);
        if (!seen.add(service + "/" + d.sequence())) {
            count(redeliveries, service);
            count(redeliveredKinds, d.event().kind().name());
        }
    }

    void failed(String service) {
        count(failures, service);
    }

    void restarted(String service) {
        count(restarts, service);
    }

    private static void count(Map<String, AtomicLong> m, String key) {
        m.computeIfAbsent(key, x -> new AtomicLong()).incrementAndGet();
    }

    private static long sum(Map<String, AtomicLong> m) {
        return m.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Events read by every consumer (each service reads every event of the log: its deliveries). */
    public long reads() {
        return sum(reads);
    }

    /** Handlings started (events a service reacted to, redeliveries included). */
    public long handlings() {
        return sum(handlings);
    }

    /** Handlings of an event the same service had handled (or started to) before. */
    public long redeliveries() {
        return sum(redeliveries);
    }

    /** Redeliveries by service. */
    public Map<String, Long> redeliveriesByService() {
        return snapshot(redeliveries);
    }

    /** Redeliveries by the kind of the event redelivered ({@code COMPENSATED}, ...). */
    public Map<String, Long> redeliveriesByKind() {
        return snapshot(redeliveredKinds);
    }

    /** Handlings that failed transiently (delivered again). */
    public long transientFailures() {
        return sum(failures);
    }

    /** Instances started again after one died, by service. */
    public Map<String, Long> restarts() {
        return snapshot(restarts);
    }

    @Override
    public String toString() {
        return "reads " + reads() + ", handlings " + handlings() + ", redeliveries " + redeliveries() + " "
                + redeliveriesByKind() + ", transient failures " + transientFailures() + ", restarts " + restarts();
    }
}
