package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Multi-leader store of state-based CRDTs of one {@link CrdtType}: each leader updates its own copy of a key's
 * state; replication merges the copies.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Updates are accepted by any leader during any partition between leaders: availability.</li>
 *   <li>Strong eventual consistency without conflicts: once replication drained, every leader holds the same
 *       state, and no update is lost: concurrent updates are combined by the type's merge (counters add up, an
 *       OR-set keeps a concurrently re-added element), provided the merge is a join (the MULTI CRDT-law rules check
 *       the built-in types).</li>
 * </ul>
 *
 * <h2>What it gives up</h2>
 * Expressiveness: only operations that commute can be offered this way (no "decrement unless zero", no
 * uniqueness); reads are of the local copy and lag by the replication delay; state grows with the leaders (and, for
 * the OR-set, with every removed tag).
 *
 * @param <T> the CRDT
 */
public final class CrdtStore<T> extends ReplicatedStore<T> {
    private final CrdtType<T> type;

    /** Starts replication of {@code type} states between {@code config}'s leaders. */
    public CrdtStore(ReplicationConfig config, CrdtType<T> type) {
        super(config, asReplicated(type));
        this.type = type;
    }

    private static <T> ReplicatedType<T> asReplicated(CrdtType<T> type) {
        Checks.requireNonNull("type", type);
        return new ReplicatedType<>() {
            @Override
            public String name() {
                return type.name();
            }

            @Override
            public T merge(int atLeader, Optional<T> local, T incoming) {
                return type.merge(local.orElseGet(type::empty), incoming);
            }

            @Override
            public byte[] encode(T state) {
                return type.encode(state);
            }

            @Override
            public T decode(byte[] bytes) {
                return type.decode(bytes);
            }
        };
    }

    /** The CRDT type. */
    public CrdtType<T> type() {
        return type;
    }

    /**
     * Updates {@code key} at {@code leader} ({@code change} may run more than once: keep it free of side effects)
     * and returns the new state.
     */
    public T update(int leader, String key, UnaryOperator<T> change) {
        Checks.requireNonNull("change", change);
        return replication.update(leader, key, cur -> change.apply(cur.orElseGet(type::empty)));
    }

    /** The state of {@code key} at {@code leader} (the empty state if never updated there). */
    public T get(int leader, String key) {
        return state(leader, key).orElseGet(type::empty);
    }
}
