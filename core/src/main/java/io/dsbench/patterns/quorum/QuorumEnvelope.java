package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a {@link QuorumReplicatedStore} stores in each replica under the user's key: the value (or a deletion
 * marker, a <em>tombstone</em>) tagged with the {@link HlcTimestamp} of the write and the writer's id.
 *
 * <p>Envelopes are totally ordered by (timestamp, writer id): the larger one wins everywhere (last writer wins),
 * which is what makes replicas converge. Tombstones are kept (never garbage-collected) so that read repair cannot
 * resurrect a deleted value.
 *
 * <p>Binary layout (big-endian): magic {@code "DQ"} (2 bytes), format version 1 (1 byte), flags (1 byte, bit 0 =
 * tombstone), packed timestamp (8 bytes), writer id length (2 bytes), writer id (UTF-8), value bytes (the rest).
 *
 * @param timestamp the write's timestamp
 * @param writerId  the writing store's id (tie breaker), non-empty, at most 1,024 UTF-8 bytes
 * @param tombstone true for a delete
 * @param value     the value (empty for a tombstone); copied
 */
public record QuorumEnvelope(HlcTimestamp timestamp, String writerId, boolean tombstone, byte[] value)
        implements Comparable<QuorumEnvelope> {
    private static final byte M0 = 'D';
    private static final byte M1 = 'Q';
    private static final byte FORMAT = 1;

    public QuorumEnvelope {
        Checks.requireNonNull("timestamp", timestamp);
        Checks.requireKey("writerId", writerId);
        Checks.requireNonNull("value", value);
        if (writerId.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new IllegalArgumentException("writerId is longer than 1024 UTF-8 bytes");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The packed timestamp: the version reported to users. */
    public long version() {
        return timestamp.asLong();
    }

    @Override
    public int compareTo(QuorumEnvelope o) {
        int c = timestamp.compareTo(o.timestamp);
        return c != 0 ? c : writerId.compareTo(o.writerId);
    }

    /** The envelope's bytes as stored in a replica. */
    public byte[] encode() {
        byte[] w = writerId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(2 + 1 + 1 + 8 + 2 + w.length + value.length);
        b.put(M0).put(M1).put(FORMAT).put((byte) (tombstone ? 1 : 0)).putLong(timestamp.asLong())
                .putShort((short) w.length).put(w).put(value);
        return b.array();
    }

    /**
     * Decodes bytes read from a replica.
     *
     * @return empty when the bytes are not an envelope (the key was written by something else)
     */
    public static Optional<QuorumEnvelope> decode(byte[] bytes) {
        if (bytes == null || bytes.length < 14 || bytes[0] != M0 || bytes[1] != M1 || bytes[2] != FORMAT) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(3);
        boolean tomb = (b.get() & 1) != 0;
        long ts = b.getLong();
        int wl = b.getShort() & 0xffff;
        if (ts < 0 || wl == 0 || b.remaining() < wl) {
            return Optional.empty();
        }
        String writer = new String(bytes, b.position(), wl, StandardCharsets.UTF_8);
        byte[] value = Arrays.copyOfRange(bytes, b.position() + wl, bytes.length);
        return Optional.of(new QuorumEnvelope(HlcTimestamp.fromLong(ts), writer, tomb, value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuorumEnvelope e && e.timestamp.equals(timestamp) && e.writerId.equals(writerId)
                && e.tombstone == tombstone && Arrays.equals(e.value, value);
    }

    @Override
    public int hashCode() {
        return timestamp.hashCode() * 31 + writerId.hashCode();
    }

    @Override
    public String toString() {
        return "QuorumEnvelope[" + timestamp + " by " + writerId + (tombstone ? ", tombstone" : ", bytes="
                + value.length) + "]";
    }
}
