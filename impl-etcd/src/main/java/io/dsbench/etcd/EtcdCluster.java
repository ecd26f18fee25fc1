package io.dsbench.etcd;

import io.dsbench.spec.BackendException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Launches a real etcd cluster of 1, 3 or 5 members on free loopback ports, for tests, the chaos runner and
 * benchmarks.
 *
 * <p>The {@code etcd} binary is taken from the environment variable {@code DSBENCH_ETCD} (a path) or found on
 * {@code PATH}. Every member gets a temporary data directory and a log file ({@link EtcdMember#log()}); the
 * cluster uses fast elections by default ({@code --heartbeat-interval=50 --election-timeout=250}, so a new
 * leader is usually elected well under a second after the leader dies). {@link #start()} waits, bounded by
 * {@link EtcdClusterBuilder#startTimeout}, until every member reports healthy (its {@code /health} endpoint) and a
 * leader exists; on failure it stops what it started and throws with the tail of each member's log.
 *
 * <p>Faults act on one member: {@link EtcdMember#kill()} (SIGKILL), {@link EtcdMember#restart()} (same data
 * directory and ports), {@link EtcdMember#pause()} / {@link EtcdMember#resume()} (SIGSTOP / SIGCONT);
 * {@link #leader()} finds the current leader through each member's metrics ({@code etcd_server_is_leader}).
 *
 * <p>Processes are stopped by PID only (SIGTERM, then SIGKILL after a grace period), by {@link #close()}
 * and by a JVM shutdown hook (which also deletes the data directories); if the JVM is killed, the
 * {@link io.dsbench.spi.ServerProcesses} watchdog kills them and deletes the directories. Thread-safe: member operations are synchronised per member.
 */
public final class EtcdCluster implements AutoCloseable {
    /** The environment variable naming the etcd binary. */
    public static final String ENV_BINARY = "DSBENCH_ETCD";

    private final List<EtcdMember> members;
    private final Path baseDir;
    private final EtcdClusterBuilder settings;
    private final Thread shutdownHook;
    private volatile boolean closed;

    EtcdCluster(EtcdClusterBuilder b, Path baseDir, List<EtcdMember> members) {
        this.settings = b;
        this.baseDir = baseDir;
        this.members = List.copyOf(members);
        this.shutdownHook = new Thread(() -> {
            stopAllQuietly();
            io.dsbench.spi.ServerProcesses.deleteTree(baseDir);
        }, "dsbench-etcd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder with defaults: 1 member, heartbeat 50 ms, election timeout 250 ms, start timeout 20 s. */
    public static EtcdClusterBuilder builder() {
        return new EtcdClusterBuilder();
    }

    /** Starts a cluster of {@code members} members with the default settings. */
    public static EtcdCluster start(int members) {
        return builder().members(members).start();
    }

    /**
     * The etcd binary: {@code $DSBENCH_ETCD} or {@code etcd} on {@code PATH}.
     *
     * @throws BackendException (UNAVAILABLE) naming how to install it when it is missing
     */
    public static Path findBinary() {
        return findBinary(System.getenv());
    }

    /** {@link #findBinary()} with the given environment (for tests). */
    static Path findBinary(java.util.Map<String, String> environment) {
        String env = environment.get(ENV_BINARY);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.trim());
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                    ENV_BINARY + " = '" + env + "' is not an executable file");
        }
        String path = environment.get("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, "etcd");
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                "etcd not found: it is neither on PATH nor named by " + ENV_BINARY
                        + "; install it (Debian/Ubuntu: apt-get install -y etcd-server) or set " + ENV_BINARY
                        + "=/path/to/etcd");
    }

    /** The members, in start order ({@code e1}, {@code e2}, ...). */
    public List<EtcdMember> members() {
        return members;
    }

    /** One member by index (0-based). */
    public EtcdMember member(int index) {
        return members.get(index);
    }

    /** Client URLs of all members, e.g. {@code http://127.0.0.1:41234}. */
    public List<String> clientUrls() {
        List<String> urls = new ArrayList<>();
        for (EtcdMember m : members) {
            urls.add(m.clientUrl());
        }
        return urls;
    }

    /** The configured heartbeat interval. */
    public Duration heartbeatInterval() {
        return settings.heartbeat();
    }

    /** The configured election timeout. */
    public Duration electionTimeout() {
        return settings.election();
    }

    /**
     * The running, unpaused member that reports itself leader (its {@code etcd_server_is_leader} metric is
     * 1). Empty when none does (during an election, or with a paused leader not yet replaced) and when more
     * than one does (a deposed leader that has not yet heard of the new term).
     */
    public Optional<EtcdMember> leader() {
        EtcdMember found = null;
        for (EtcdMember m : members) {
            if (m.isRunning() && !m.isPaused() && m.isLeader(Duration.ofMillis(500))) {
                if (found != null) {
                    return Optional.empty(); // a deposed leader has not noticed yet: ask again
                }
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Waits until a running member is leader and every running, unpaused member answers healthy.
     *
     * @return the leader
     * @throws BackendException (TIMEOUT) with the members' log tails if that does not happen within {@code max}
     */
    public EtcdMember awaitLeader(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 5;
        while (true) {
            Optional<EtcdMember> l = leader();
            if (l.isPresent()) {
                boolean allHealthy = true;
                for (EtcdMember m : members) {
                    if (m.isRunning() && !m.isPaused() && !m.healthy(Duration.ofMillis(500))) {
                        allHealthy = false;
                        break;
                    }
                }
                if (allHealthy) {
                    return l.get();
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false,
                        "etcd cluster has no healthy leader after " + max.toMillis() + " ms\n" + logTails(20));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Like {@link #awaitLeader} but fails at once, with the log tails, when a member process exits. */
    void awaitStart(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 5;
        while (true) {
            for (EtcdMember m : members) {
                if (!m.isRunning()) {
                    throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "etcd member " + m.name()
                            + " exited during start-up (exit code " + m.exitCode() + ")\n" + logTails(20));
                }
            }
            if (leader().isPresent() && members.stream().allMatch(m -> m.healthy(Duration.ofMillis(500)))) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false,
                        "etcd cluster has no healthy leader " + max.toMillis() + " ms after start\n" + logTails(20));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** The last {@code lines} lines of every member's log, for error messages. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (EtcdMember m : members) {
            sb.append("--- ").append(m.name()).append(" (").append(m.log()).append("), last ").append(lines)
                    .append(" lines:\n").append(m.logTail(lines));
        }
        return sb.toString();
    }

    /** Stops every member (SIGTERM, then SIGKILL) and deletes the data directories. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAllQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        io.dsbench.spi.ServerProcesses.deleteTree(baseDir);
        io.dsbench.spi.ServerProcesses.unregisterDir(baseDir);
    }

    private void stopAllQuietly() {
        for (EtcdMember m : members) {
            try {
                m.stop();
            } catch (RuntimeException ignored) {
                // best effort on shutdown
            }
        }
    }

    @Override
    public String toString() {
        return "etcd cluster of " + members.size() + " on " + clientUrls();
    }


    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }
}
