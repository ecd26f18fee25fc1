package io.dsbench.patterns.multileader;

import java.util.Objects;

/**
 * A counter that goes up and down: two {@link GCounter}s, increments and decrements; the value is their
 * difference; merge merges each. Guarantees: every increment and decrement is counted exactly once after the states
 * met. Gives up: a bound (it cannot keep a value from going below zero: two leaders may both take the last unit,
 * which needs coordination).
 */
public final class PNCounter {
    /** The replicated type. */
    public static final CrdtType<PNCounter> TYPE = CrdtType.of("pn-counter",
            () -> new PNCounter(GCounter.TYPE.empty(), GCounter.TYPE.empty()), PNCounter::merge, PNCounter::encode,
            PNCounter::decode);

    private final GCounter up;
    private final GCounter down;

    private PNCounter(GCounter up, GCounter down) {
        this.up = up;
        this.down = down;
    }

    /** A counter of the given increments and decrements. */
    public static PNCounter of(GCounter increments, GCounter decrements) {
        return new PNCounter(Objects.requireNonNull(increments, "increments"), Objects.requireNonNull(decrements, "decrements"));
    }

    /** Adds {@code n} (negative: subtracts) at {@code leader}. */
    public PNCounter add(int leader, long n) {
        return n >= 0 ? new PNCounter(up.increment(leader, n), down) : new PNCounter(up, down.increment(leader, -n));
    }

    /** Increments minus decrements. */
    public long value() {
        return Math.subtractExact(up.value(), down.value());
    }

    /** The increments. */
    public GCounter increments() {
        return up;
    }

    /** The decrements. */
    public GCounter decrements() {
        return down;
    }

    /** Merges increments and decrements separately. */
    public PNCounter merge(PNCounter o) {
        return new PNCounter(up.merge(o.up), down.merge(o.down));
    }

    byte[] encode() {
        return Codec.encode(out -> {
            Codec.vector(out, VersionVector.of(up.counts()));
            Codec.vector(out, VersionVector.of(down.counts()));
        });
    }

    static PNCounter decode(byte[] b) {
        return Codec.decode("pn-counter", b, in -> new PNCounter(GCounter.of(Codec.vector(in).entries()),
                GCounter.of(Codec.vector(in).entries())));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PNCounter p && p.up.equals(up) && p.down.equals(down);
    }

    @Override
    public int hashCode() {
        return up.hashCode() * 31 + down.hashCode();
    }

    @Override
    public String toString() {
        return "PNCounter[+" + up.counts() + " -" + down.counts() + "]";
    }
}
