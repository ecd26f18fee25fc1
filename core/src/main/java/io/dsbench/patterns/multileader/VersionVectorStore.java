package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.List;

/**
 * Multi-leader key-value store that detects concurrent writes with version vectors and keeps them all as siblings
 * for the application to merge (as Dynamo and Riak do).
 *
 * <h2>Semantics</h2>
 * Each write carries a {@link Dot} (its leader and that leader's counter for the key) and a context: the version
 * vector the writer had read. A write supersedes exactly the writes its context covers. A read returns
 * {@link Siblings}: every write no other known write supersedes, and their joint {@link Siblings#vector()}, which
 * is the context to pass to the write that merges them ({@link #put(int, String, byte[], VersionVector)}).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Writes are accepted by any leader during any partition between leaders: availability.</li>
 *   <li>No acknowledged write is lost silently: a write disappears only when a write whose context covers it (its
 *       writer read it) is merged; concurrent writes all stay, at every leader, until one such write.</li>
 *   <li>Strong eventual consistency: once replication drained, every leader holds the same siblings per key.</li>
 *   <li>No false conflicts: a write made after reading another supersedes it, whichever leaders were involved.</li>
 * </ul>
 *
 * <h2>What it gives up</h2>
 * Simplicity for the reader: after concurrent writes a read returns several values, and only the application
 * knows how to merge them (a shopping cart: union; a counter: use a CRDT instead). Until it writes the merge, every
 * reader sees the conflict, and the metadata (one vector per sibling) grows with the number of leaders that wrote
 * concurrently. A blind {@link #put(int, String, byte[])} uses the leader's own knowledge as context: it supersedes
 * what that leader had, not what the user had read elsewhere.
 */
public final class VersionVectorStore extends ReplicatedStore<Siblings> {
    private final SiblingsType type;

    /** Starts replication between {@code config}'s leaders. */
    public VersionVectorStore(ReplicationConfig config) {
        this(config, new SiblingsType("version-vectors", config));
    }

    private VersionVectorStore(ReplicationConfig config, SiblingsType type) {
        super(config, type);
        this.type = type;
    }

    /** Writes {@code value} at {@code leader}, superseding what that leader holds for the key; returns the write. */
    public Sibling put(int leader, String key, byte[] value) {
        return write(leader, key, Checks.requireNonNull("value", value), null);
    }

    /**
     * Writes {@code value} at {@code leader}, superseding exactly the writes {@code context} covers (the
     * {@link Siblings#vector()} of an earlier read, at any leader); returns the write.
     *
     * @throws IllegalArgumentException if {@code context} covers a write this leader has not issued yet
     */
    public Sibling put(int leader, String key, byte[] value, VersionVector context) {
        return write(leader, key, Checks.requireNonNull("value", value), Checks.requireNonNull("context", context));
    }

    /** Deletes what {@code context} covers (a tombstone sibling, superseded like any write); returns the write. */
    public Sibling delete(int leader, String key, VersionVector context) {
        return write(leader, key, null, Checks.requireNonNull("context", context));
    }

    private Sibling write(int leader, String key, byte[] value, VersionVector context) {
        Siblings after = replication.update(leader, key, cur -> {
            Siblings s = cur.orElse(Siblings.NONE);
            return s.write(leader, context == null ? s.vector() : context, value, type.stamp(leader, s));
        });
        return after.newest(leader);
    }

    /** The siblings of {@code key} at {@code leader} ({@link Siblings#NONE} if never written there). */
    public Siblings get(int leader, String key) {
        return state(leader, key).orElse(Siblings.NONE);
    }

    /** The values of the siblings that are not deletes, by dot. */
    public List<byte[]> values(int leader, String key) {
        return get(leader, key).writes().stream().filter(s -> !s.deleted()).map(Sibling::value).toList();
    }
}
