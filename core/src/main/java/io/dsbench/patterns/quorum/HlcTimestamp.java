package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

/**
 * A hybrid logical clock timestamp: wall-clock milliseconds plus a logical counter that orders events within the
 * same millisecond (and events that happened "before" a remote timestamp from a clock running ahead).
 *
 * <p>Packed into one long as {@code physicalMillis << 16 | logical}: 47 bits of milliseconds (until the year
 * 6400) and 16 bits of counter, so the natural order of the packed value is the timestamp order, and the packed
 * value is what {@link QuorumReplicatedStore} returns as a key's version.
 *
 * @param physicalMillis milliseconds since the epoch, 0..2^47-1
 * @param logical        counter within the millisecond, 0..65535
 */
public record HlcTimestamp(long physicalMillis, int logical) implements Comparable<HlcTimestamp> {
    /** Largest representable physical part. */
    public static final long MAX_PHYSICAL = (1L << 47) - 1;
    /** Largest logical counter. */
    public static final int MAX_LOGICAL = 0xffff;
    /** The zero timestamp, older than every real one. */
    public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

    public HlcTimestamp {
        Checks.requireRange("physicalMillis", physicalMillis, 0, MAX_PHYSICAL);
        Checks.requireRange("logical", logical, 0, MAX_LOGICAL);
    }

    /** The timestamp packed into one non-negative long (order-preserving). */
    public long asLong() {
        return physicalMillis << 16 | logical;
    }

    /** Unpacks {@link #asLong()}. */
    public static HlcTimestamp fromLong(long packed) {
        Checks.requireRange("packed", packed, 0, Long.MAX_VALUE);
        return new HlcTimestamp(packed >>> 16, (int) (packed & MAX_LOGICAL));
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
