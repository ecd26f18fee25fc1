package io.dsbench.patterns.multileader;

import java.util.List;

/**
 * What every multi-leader store offers besides its reads and writes: the leaders, the links between them, whether
 * replication has drained, and closing. Reads and writes name the leader they go to ({@code 0..leaders()-1}), as a
 * client in one region talks to its own region's leader.
 *
 * @param <S> the replicated state of one key
 */
public abstract class ReplicatedStore<S> implements AutoCloseable {
    /** The engine (leaders, logs, shippers). */
    protected final MultiLeaderReplication<S> replication;

    protected ReplicatedStore(ReplicationConfig config, ReplicatedType<S> type) {
        this.replication = new MultiLeaderReplication<>(config, type);
    }

    /** The number of leaders. */
    public final int leaders() {
        return replication.leaders();
    }

    /** The links between leaders: cut them to partition the leaders, heal them to let replication resume. */
    public final ReplicationLinks links() {
        return replication.links();
    }

    /** Whether every open link has shipped its sender's whole log ({@link MultiLeaderReplication#drained()}). */
    public final boolean drained() {
        return replication.drained();
    }

    /** The links that are failing, with their last error; empty when replication is healthy. */
    public final List<String> errors() {
        return replication.errors();
    }

    /** The raw replicated state of {@code key} at {@code leader}, for inspection and comparison across leaders. */
    public final java.util.Optional<S> state(int leader, String key) {
        return replication.read(leader, key);
    }

    /** Stops replication (the data stays in the backends). */
    @Override
    public void close() {
        replication.close();
    }
}
