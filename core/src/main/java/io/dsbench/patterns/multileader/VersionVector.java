package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable version vector: for each leader, how many of its writes (of one key) are in the causal past. Absent
 * entries are 0. Ordered pointwise: {@code a <= b} when every entry of {@code a} is at most {@code b}'s; two vectors
 * that are not ordered either way stand for concurrent histories.
 */
public final class VersionVector {
    /** The empty vector (nothing seen). */
    public static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

    /** How two vectors relate. */
    public enum Order {
        /** equal histories */
        EQUAL,
        /** this one is strictly in the other's past */
        BEFORE,
        /** this one strictly contains the other */
        AFTER,
        /** neither contains the other: concurrent writes */
        CONCURRENT
    }

    private final TreeMap<Integer, Long> entries;

    private VersionVector(TreeMap<Integer, Long> entries) {
        this.entries = entries;
    }

    /**
     * A vector with the given entries (zero entries are dropped).
     *
     * @throws IllegalArgumentException for a negative leader or counter
     */
    public static VersionVector of(Map<Integer, Long> entries) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        Checks.requireNonNull("entries", entries).forEach((leader, counter) -> {
            Checks.requireRange("leader", Checks.requireNonNull("leader", leader), 0, Integer.MAX_VALUE);
            Checks.requireRange("counter of leader " + leader, Checks.requireNonNull("counter", counter), 0, Long.MAX_VALUE);
            if (counter > 0) {
                m.put(leader, counter);
            }
        });
        return new VersionVector(m);
    }

    /** The counter of {@code leader} (0 if absent). */
    public long get(int leader) {
        return entries.getOrDefault(leader, 0L);
    }

    /** The non-zero entries, by leader. */
    public Map<Integer, Long> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Whether the write {@code dot} is in this vector's past. */
    public boolean covers(Dot dot) {
        return get(dot.leader()) >= dot.counter();
    }

    /** This vector with {@code dot} added (its leader's entry raised to the dot's counter if lower). */
    public VersionVector with(Dot dot) {
        if (covers(dot)) {
            return this;
        }
        TreeMap<Integer, Long> m = new TreeMap<>(entries);
        m.put(dot.leader(), dot.counter());
        return new VersionVector(m);
    }

    /** The pointwise maximum: the union of both histories. */
    public VersionVector merge(VersionVector o) {
        TreeMap<Integer, Long> m = new TreeMap<>(entries);
        o.entries.forEach((k, v) -> m.merge(k, v, Math::max));
        return m.equals(entries) ? this : new VersionVector(m);
    }

    /** How this vector relates to {@code o}. */
    public Order compare(VersionVector o) {
        boolean le = leq(this, o);
        boolean ge = leq(o, this);
        return le && ge ? Order.EQUAL : le ? Order.BEFORE : ge ? Order.AFTER : Order.CONCURRENT;
    }

    private static boolean leq(VersionVector a, VersionVector b) {
        for (Map.Entry<Integer, Long> e : a.entries.entrySet()) {
            if (e.getValue() > b.get(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector v && v.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** E.g. {@code {0:3, 2:1}}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        entries.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(':').append(v));
        return b.append('}').toString();
    }
}
