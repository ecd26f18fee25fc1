package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a {@link QuorumReplicatedStore} stores in each replica under the user's key: the value (or a deletion
 * marker, a <em>tombstone</em>) tagged with the {@link HlcTimestamp} of the write and the writer's id.
 *
 * <p>Envelopes are totally ordered by their {@link #version()}, i.e. by (timestamp, writer id): the larger one wins
 * everywhere (last writer wins), which is what makes replicas converge. Two writers whose clocks read the same
 * (millisecond, counter) still produce different versions, because the writer id is part of the version: so
 * distinct writes never share a version, and a compare-and-set against one write's version can never overwrite
 * another write. This needs distinct writer ids among the stores sharing replicas. Tombstones are kept (never
 * garbage-collected) so that read repair cannot resurrect a deleted value.
 *
 * <p>Binary layout (big-endian): magic {@code "DQ"} (2 bytes), format version 2 (1 byte), flags (1 byte, bit 0 =
 * tombstone), the version (8 bytes), value bytes (the rest). Format 1 (before writer ids were part of versions) is
 * not read.
 *
 * @param timestamp the write's timestamp
 * @param writerId  the writing store's id, 0..{@value #MAX_WRITER} (tie breaker of equal timestamps)
 * @param tombstone true for a delete
 * @param value     the value (empty for a tombstone); copied
 */
public record QuorumEnvelope(HlcTimestamp timestamp, int writerId, boolean tombstone, byte[] value)
        implements Comparable<QuorumEnvelope> {
    /** Bits of the writer id in a version. */
    public static final int WRITER_BITS = 10;
    /** Largest writer id. */
    public static final int MAX_WRITER = (1 << WRITER_BITS) - 1;
    private static final byte M0 = 'D';
    private static final byte M1 = 'Q';
    private static final byte FORMAT = 2;

    public QuorumEnvelope {
        Checks.requireNonNull("timestamp", timestamp);
        Checks.requireRange("writerId", writerId, 0, MAX_WRITER);
        Checks.requireNonNull("value", value);
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /**
     * The version reported to users: {@code timestamp.asLong() << 10 | writerId}, positive, unique per (timestamp,
     * writer) and ordered like the envelopes.
     */
    public long version() {
        return versionOf(timestamp, writerId);
    }

    /** The version of a write by {@code writerId} at {@code timestamp}. */
    public static long versionOf(HlcTimestamp timestamp, int writerId) {
        Checks.requireRange("writerId", writerId, 0, MAX_WRITER);
        return timestamp.asLong() << WRITER_BITS | writerId;
    }

    /** The clock reading inside a version (two writers' concurrent versions may share it). */
    public static HlcTimestamp timestampOf(long version) {
        Checks.requireRange("version", version, 0, Long.MAX_VALUE);
        return HlcTimestamp.fromLong(version >>> WRITER_BITS);
    }

    /** The writer id inside a version. */
    public static int writerOf(long version) {
        Checks.requireRange("version", version, 0, Long.MAX_VALUE);
        return (int) (version & MAX_WRITER);
    }

    @Override
    public int compareTo(QuorumEnvelope o) {
        return Long.compare(version(), o.version());
    }

    /** The envelope's bytes as stored in a replica. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(2 + 1 + 1 + 8 + value.length);
        b.put(M0).put(M1).put(FORMAT).put((byte) (tombstone ? 1 : 0)).putLong(version()).put(value);
        return b.array();
    }

    /**
     * Decodes bytes read from a replica.
     *
     * @return empty when the bytes are not an envelope of this format (the key was written by something else)
     */
    public static Optional<QuorumEnvelope> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 12 || bytes[0] != M0 || bytes[1] != M1 || bytes[2] != FORMAT) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(3);
        boolean tomb = (b.get() & 1) != 0;
        long version = b.getLong();
        if (version < 0) {
            return Optional.empty();
        }
        byte[] value = Arrays.copyOfRange(bytes, 12, bytes.length);
        return Optional.of(new QuorumEnvelope(timestampOf(version), writerOf(version), tomb, value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuorumEnvelope e && e.version() == version() && e.tombstone == tombstone
                && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version());
    }

    @Override
    public String toString() {
        return "QuorumEnvelope[" + timestamp + " by writer " + writerId + (tombstone ? ", tombstone" : ", bytes="
                + value.length) + "]";
    }
}
