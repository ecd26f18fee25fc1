package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter that orders events within the
 * same millisecond (and events that happened "before" a remote timestamp from a clock running ahead).
 *
 * <p>Packed into one long as {@code physicalMillis << 10 | logical}: 43 bits of milliseconds (until the year
 * 2248) and 10 bits of counter (1,024 events per millisecond and clock; the clock advances its physical part when
 * the counter is exhausted), 53 bits in all, so the natural order of the packed value is the timestamp order. A
 * {@link QuorumReplicatedStore} version is this packed value followed by 10 bits of writer id
 * ({@link QuorumEnvelope#version()}): equal clock readings of two writers still give two versions.
 *
 * @param physicalMillis milliseconds since the epoch, 0..2^43-1
 * @param logical        counter within the millisecond, 0..1023
 */
public record HlcTimestamp(long physicalMillis, int logical) implements Comparable<HlcTimestamp> {
    /** Bits of the logical counter in {@link #asLong()}. */
    public static final int LOGICAL_BITS = 10;
    /** Largest representable physical part. */
    public static final long MAX_PHYSICAL = (1L << 43) - 1;
    /** Largest logical counter. */
    public static final int MAX_LOGICAL = (1 << LOGICAL_BITS) - 1;
    /** The zero timestamp, older than every real one. */
    public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

    public HlcTimestamp {
        Checks.requireRange("physicalMillis", physicalMillis, 0, MAX_PHYSICAL);
        Checks.requireRange("logical", logical, 0, MAX_LOGICAL);
    }

    /** The timestamp packed into one non-negative long (order-preserving). */
    public long asLong() {
        return physicalMillis << LOGICAL_BITS | logical;
    }

    /** Unpacks {@link #asLong()}. */
    public static HlcTimestamp fromLong(long packed) {
        Checks.requireRange("packed", packed, 0, MAX_PHYSICAL << LOGICAL_BITS | MAX_LOGICAL);
        return new HlcTimestamp(packed >>> LOGICAL_BITS, (int) (packed & MAX_LOGICAL));
    }

    @Override
    public int compareTo(HlcTimestamp o) {
        return Long.compare(asLong(), o.asLong());
    }

    @Override
    public String toString() {
        return physicalMillis + "." + logical;
    }
}
