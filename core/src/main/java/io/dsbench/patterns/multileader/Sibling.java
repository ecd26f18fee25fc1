package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Arrays;
import java.util.Optional;

/**
 * One write as the leaders keep it: its value ({@code null} for a delete), its {@link Dot}, the history its writer
 * had seen ({@code context}: the writes it supersedes) and its hybrid-logical-clock stamp (for last-writer-wins).
 *
 * @param value   the written bytes (copied), or null for a delete (a tombstone)
 * @param dot     the write's identity
 * @param context the version vector the writer had seen; it does not cover {@code dot} itself
 * @param stamp   the packed {@link io.dsbench.patterns.quorum.HlcTimestamp} of the write
 */
public record Sibling(byte[] value, Dot dot, VersionVector context, long stamp) {
    public Sibling {
        Checks.requireNonNull("dot", dot);
        Checks.requireNonNull("context", context);
        Checks.requireRange("stamp", stamp, 0, Long.MAX_VALUE);
        if (context.covers(dot)) {
            throw new IllegalArgumentException("context " + context + " already covers the write's own dot " + dot);
        }
        value = value == null ? null : value.clone();
    }

    /** The value, or empty for a delete. */
    public Optional<byte[]> read() {
        return Optional.ofNullable(value).map(byte[]::clone);
    }

    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** Whether this write is a delete. */
    public boolean deleted() {
        return value == null;
    }

    /** The write's own version vector: its context plus its dot. */
    public VersionVector vector() {
        return context.with(dot);
    }

    /** Whether {@code other} is in this write's causal past (this write supersedes it). */
    public boolean supersedes(Sibling other) {
        return context.covers(other.dot);
    }

    /** The last-writer-wins order: by stamp, then by leader (never a tie between two writes). */
    public static int lwwOrder(Sibling a, Sibling b) {
        int c = Long.compare(a.stamp, b.stamp);
        return c != 0 ? c : a.dot.compareTo(b.dot);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sibling s && s.dot.equals(dot) && s.stamp == stamp && s.context.equals(context)
                && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return dot.hashCode() * 31 + Long.hashCode(stamp);
    }

    @Override
    public String toString() {
        return "Sibling[" + dot + " " + (value == null ? "deleted" : value.length + " bytes") + ", context=" + context
                + ", stamp=" + io.dsbench.patterns.quorum.HlcTimestamp.fromLong(stamp) + "]";
    }
}
