package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

import java.util.function.LongSupplier;

/**
 * A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", OPODIS 2014).
 *
 * <p>State: the largest timestamp issued or seen, {@code (l, c)}. With {@code pt} the physical clock:
 * <ul>
 *   <li>{@link #now()} (a local event, e.g. a write): {@code l' = max(l, pt)}; {@code c' = c + 1} if
 *       {@code l' == l}, else 0.</li>
 *   <li>{@link #update(HlcTimestamp)} (a timestamp {@code (lm, cm)} received from elsewhere, e.g. read from a
 *       replica): {@code l' = max(l, lm, pt)}; {@code c'} = {@code max(c, cm) + 1}, {@code c + 1} or
 *       {@code cm + 1} depending on which of {@code l}, {@code lm} equals {@code l'}, else 0.</li>
 * </ul>
 * Every timestamp it returns is greater than every timestamp it returned or was updated with before (causality),
 * and stays close to physical time ({@code l - pt} is bounded by the clock skew between writers). When the counter
 * would overflow its {@value HlcTimestamp#LOGICAL_BITS} bits the physical part is advanced by one millisecond instead, which keeps the order.
 *
 * <p>Thread-safe (synchronised; a few nanoseconds per call).
 */
public final class HybridLogicalClock {
    private final LongSupplier physicalMillis;
    private long l;
    private int c;

    /** A clock on {@link System#currentTimeMillis()}. */
    public HybridLogicalClock() {
        this(System::currentTimeMillis);
    }

    /** A clock on the given millisecond source (for tests and clock-skew experiments). */
    public HybridLogicalClock(LongSupplier physicalMillis) {
        this.physicalMillis = Checks.requireNonNull("physicalMillis", physicalMillis);
    }

    private long pt() {
        return Math.max(0, Math.min(HlcTimestamp.MAX_PHYSICAL, physicalMillis.getAsLong()));
    }

    /** A new timestamp for a local event, greater than all before. */
    public synchronized HlcTimestamp now() {
        long pt = pt();
        if (pt > l) {
            l = pt;
            c = 0;
        } else {
            bump();
        }
        return new HlcTimestamp(l, c);
    }

    /** Merges a received timestamp and returns a new one greater than it and than all before. */
    public synchronized HlcTimestamp update(HlcTimestamp received) {
        Checks.requireNonNull("received", received);
        long pt = pt();
        long lm = received.physicalMillis();
        int cm = received.logical();
        long next = Math.max(Math.max(l, lm), pt);
        if (next == l && next == lm) {
            c = Math.max(c, cm);
            bump();
        } else if (next == l) {
            bump();
        } else if (next == lm) {
            l = lm;
            c = cm;
            bump();
        } else {
            l = next;
            c = 0;
        }
        return new HlcTimestamp(l, c);
    }

    /** The last timestamp issued or merged, without advancing. */
    public synchronized HlcTimestamp peek() {
        return new HlcTimestamp(l, c);
    }

    private void bump() {
        if (c == HlcTimestamp.MAX_LOGICAL) {
            l++;
            c = 0;
        } else {
            c++;
        }
    }
}
