package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grow-only counter: one count per leader; a leader increments only its own; the value is the sum; merge takes
 * each leader's larger count. Guarantees: every increment at every leader is counted exactly once after the states
 * met, whatever the order or repetition of merges. Gives up: decrements (see {@link PNCounter}) and a read of the
 * global total (each leader's value lags by what it has not merged yet).
 */
public final class GCounter {
    /** The replicated type. */
    public static final CrdtType<GCounter> TYPE = CrdtType.of("g-counter", () -> new GCounter(new TreeMap<>()),
            GCounter::merge, GCounter::encode, GCounter::decode);

    private final TreeMap<Integer, Long> counts;

    private GCounter(TreeMap<Integer, Long> counts) {
        this.counts = counts;
    }

    /** A counter with the given per-leader counts (zero counts dropped). */
    public static GCounter of(Map<Integer, Long> counts) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        Checks.requireNonNull("counts", counts).forEach((leader, n) -> {
            Checks.requireRange("leader", leader, 0, Integer.MAX_VALUE);
            Checks.requireRange("count of leader " + leader, n, 0, Long.MAX_VALUE);
            if (n > 0) {
                m.put(leader, n);
            }
        });
        return new GCounter(m);
    }

    /** This counter with {@code leader}'s count raised by {@code n >= 0}. */
    public GCounter increment(int leader, long n) {
        Checks.requireRange("leader", leader, 0, Integer.MAX_VALUE);
        Checks.requireRange("n", n, 0, Long.MAX_VALUE);
        TreeMap<Integer, Long> m = new TreeMap<>(counts);
        if (n > 0) {
            m.merge(leader, n, Math::addExact);
        }
        return new GCounter(m);
    }

    /** The sum of all leaders' counts. */
    public long value() {
        return counts.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
    }

    /** The per-leader counts. */
    public Map<Integer, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Each leader's larger count. */
    public GCounter merge(GCounter o) {
        TreeMap<Integer, Long> m = new TreeMap<>(counts);
        o.counts.forEach((k, v) -> m.merge(k, v, Math::max));
        return new GCounter(m);
    }

    byte[] encode() {
        return Codec.encode(out -> Codec.vector(out, VersionVector.of(counts)));
    }

    static GCounter decode(byte[] b) {
        return of(Codec.decode("g-counter", b, Codec::vector).entries());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GCounter g && g.counts.equals(counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return "GCounter" + counts;
    }
}
