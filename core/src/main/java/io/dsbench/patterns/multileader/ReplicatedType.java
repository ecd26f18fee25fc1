package io.dsbench.patterns.multileader;

import java.util.Optional;

/**
 * What the leaders replicate for each key: a state with a merge (a join) and a byte encoding. The replication is
 * state-based: a local write ships the key's whole new state; a receiving leader merges it into its own. Leaders
 * converge exactly when {@link #merge} is commutative, associative and idempotent (then the order, duplication
 * and delay of the shipments do not matter).
 *
 * @param <S> the state of one key
 */
public interface ReplicatedType<S> {
    /** A short name for messages, e.g. {@code lww}. */
    String name();

    /**
     * Merges a shipped state into the local one at {@code atLeader} (empty: the key is new there). May observe the
     * merge (e.g. advance the leader's clock past the shipped stamps); must not have other effects.
     */
    S merge(int atLeader, Optional<S> local, S incoming);

    /** The state as bytes (stored in the leader's key-value store and shipped in its log). */
    byte[] encode(S state);

    /**
     * The state back from {@link #encode} output.
     *
     * @throws IllegalArgumentException for bytes that are not an encoded state
     */
    S decode(byte[] bytes);
}
