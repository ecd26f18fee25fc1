package io.dsbench.spi;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Fault injection on the servers of a managed backend, for the kit's fault rules (FAULT-*, LIN-KV-KILL, and LOG-4
 * which restarts in place) and chaos runs. Optional: a backend offers it through {@link Backend#faults()} and declares
 * {@link Capability#FAULTS}; external endpoints never offer it (dsbench does not own those processes).
 *
 * <p>The unit of a fault is a <b>member</b>: one server process (an etcd member, a redis-server, a Sentinel), named
 * stably for the backend's life (e.g. {@code e1}, {@code node0}, {@code sentinel2}). Every fault acts on the process
 * by its PID only:
 * <ul>
 *   <li>{@link #kill} sends SIGKILL: a crash, nothing flushed beyond what the server had already synced. The member
 *       stays down until {@link #start}.</li>
 *   <li>{@link #start} starts a killed member again with the same ports, config and data directory, and returns when
 *       the deployment serves again (for a replicated deployment: the member rejoined and a leader exists).</li>
 *   <li>{@link #pause} / {@link #resume} send SIGSTOP / SIGCONT: the process keeps its sockets but answers nothing,
 *       so clients see time-outs, not refused connections.</li>
 *   <li>{@link #restartAll} kills every member (SIGKILL) and starts them all again on their data directories: what
 *       a power loss of the whole deployment does. Data declared {@link Capability#DURABLE} survives it; other
 *       data may be lost, but versions and tokens still never go back (see {@link Capability#FAULTS}).</li>
 * </ul>
 * The backend's own clients (every primitive handed out before the fault) reconnect by themselves: once
 * {@link #start} or {@link #restartAll} has returned, their next calls succeed without reopening anything. Calls made
 * while a member is down or paused fail with a {@link io.dsbench.spec.BackendException} (or succeed through other
 * members), never hang past the backend's operation timeout.
 *
 * <p>Thread-safe. Faults are left in place when a rule fails: {@link Backend#close()} still stops every process,
 * paused or not.
 */
public interface Faults {
    /** What a member does in the deployment, as it reports now (roles change on failover). */
    enum Role {
        /** The Raft leader (etcd). */
        LEADER,
        /** A Raft member that is not the leader (etcd). */
        FOLLOWER,
        /** The server that takes writes (redis primary, the in-memory store). */
        PRIMARY,
        /** An asynchronous copy of the primary (redis replica). */
        REPLICA,
        /** A redis Sentinel: monitors and fails over, holds no data. */
        SENTINEL,
        /** Unknown right now: the member is killed or paused, or it did not answer. */
        UNKNOWN
    }

    /** Whether the member's process runs. */
    enum State {
        RUNNING, PAUSED, KILLED
    }

    /**
     * One server process of the deployment.
     *
     * @param name    stable name, unique within the deployment
     * @param role    its role when {@link #members()} was called
     * @param state   running, paused or killed
     * @param address where it listens, e.g. {@code 127.0.0.1:41234} (for messages)
     */
    record Member(String name, Role role, State state, String address) {
    }

    /** Every member with its current role and state, in a stable order. */
    List<Member> members();

    /**
     * The first running member with {@code role} (e.g. the etcd leader or the redis primary).
     *
     * @throws NoSuchElementException when no running member has that role now (e.g. during an election)
     */
    default Member member(Role role) {
        for (Member m : members()) {
            if (m.role() == role && m.state() == State.RUNNING) {
                return m;
            }
        }
        throw new NoSuchElementException("no running member has role " + role + " now; members: " + members());
    }

    /**
     * The running member that takes writes now: the LEADER (etcd) or the PRIMARY (redis, in-memory): the one to
     * kill for a failover.
     *
     * @throws NoSuchElementException when none runs now (e.g. during an election)
     */
    default Member writer() {
        for (Member m : members()) {
            if (m.state() == State.RUNNING && (m.role() == Role.LEADER || m.role() == Role.PRIMARY)) {
                return m;
            }
        }
        throw new NoSuchElementException("no running leader or primary now; members: " + members());
    }

    /** SIGKILL to the member; it stays down until {@link #start}. No-op when it is already killed. */
    void kill(String member);

    /**
     * Starts a killed member again (same ports, config, data directory) and waits until the deployment serves
     * again, at most {@code max}.
     *
     * @throws IllegalStateException when the member is running
     * @throws io.dsbench.spec.BackendException (TIMEOUT) when the deployment does not serve within {@code max}
     */
    void start(String member, Duration max);

    /** SIGSTOP to the member. */
    void pause(String member);

    /** SIGCONT after {@link #pause}. */
    void resume(String member);

    /**
     * Kills every member (SIGKILL) and starts them all again on their data directories, waiting until the
     * deployment serves again, at most {@code max}. Members paused or killed before are running afterwards.
     */
    void restartAll(Duration max);

    /**
     * A second, independent client of the same deployment, as another process would open: its own connections and
     * its own leases or sessions. Closing it closes only those connections and leaves the servers running; what it
     * wrote with a TTL or lease is left to expire on the servers.
     */
    Backend openClient();

    /** Throws {@link IllegalArgumentException} naming the known members when {@code member} is not one of them. */
    default Member require(String member) {
        for (Member m : members()) {
            if (m.name().equals(member)) {
                return m;
            }
        }
        throw new IllegalArgumentException("member = '" + member + "' is not a member of this deployment (members: "
                + members().stream().map(Member::name).toList() + ")");
    }
}
