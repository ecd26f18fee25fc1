package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@link Faults} on the members of a managed {@link EtcdBackend}'s {@link EtcdCluster}: members {@code e1},
 * {@code e2}, ...; the role of a running member is LEADER or FOLLOWER as its metrics report
 * ({@code etcd_server_is_leader}).
 *
 * <p>{@link #start} and {@link #restartAll} return once a leader exists, every running member is healthy, and the
 * owning backend's own client answers a read again (jetcd reconnects by itself; this waits out its back-off).
 * etcd fsyncs its WAL before acknowledging, so every acknowledged write survives {@link #restartAll}.
 */
final class EtcdFaults implements Faults {
    private final EtcdCluster cluster;
    private final BackendConfig config;
    private final BooleanSupplier ownClientAnswers;

    EtcdFaults(EtcdCluster cluster, BackendConfig config, BooleanSupplier ownClientAnswers) {
        this.cluster = cluster;
        this.config = config;
        this.ownClientAnswers = ownClientAnswers;
    }

    private EtcdMember member(String name) {
        for (EtcdMember m : cluster.members()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        require(name); // throws naming the members
        throw new IllegalArgumentException("member = '" + name + "' is unknown");
    }

    @Override
    public List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (EtcdMember m : cluster.members()) {
            State state = !m.isRunning() ? State.KILLED : m.isPaused() ? State.PAUSED : State.RUNNING;
            Role role = state != State.RUNNING ? Role.UNKNOWN
                    : m.isLeader(Duration.ofMillis(500)) ? Role.LEADER : Role.FOLLOWER;
            out.add(new Member(m.name(), role, state, m.clientUrl().replaceFirst("^https?://", "")));
        }
        return out;
    }

    @Override
    public void kill(String member) {
        member(member).kill();
    }

    @Override
    public void start(String member, Duration max) {
        EtcdMember m = member(member);
        if (m.isRunning()) {
            throw new IllegalStateException("cannot start etcd member " + member + ": it is running");
        }
        long deadline = System.nanoTime() + max.toNanos();
        m.restart();
        awaitServing(deadline, max);
    }

    @Override
    public void pause(String member) {
        member(member).pause();
    }

    @Override
    public void resume(String member) {
        member(member).resume();
    }

    @Override
    public void restartAll(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (EtcdMember m : cluster.members()) {
            m.kill();
        }
        for (EtcdMember m : cluster.members()) {
            m.restart();
        }
        awaitServing(deadline, max);
    }

    private void awaitServing(long deadline, Duration max) {
        cluster.awaitLeader(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        while (!ownClientAnswers.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false, "etcd " + cluster
                        + " has a leader again, but the backend's own client did not answer a read within " + max);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd to serve again", e);
            }
        }
    }

    @Override
    public Backend openClient() {
        BackendConfig.Builder b = BackendConfig.builder(EtcdBackendProvider.NAME).endpoints(cluster.clientUrls())
                .keyPrefix(config.keyPrefix()).operationTimeout(config.operationTimeout())
                .connectTimeout(config.connectTimeout());
        config.username().ifPresent(b::username);
        config.password().ifPresent(b::password);
        config.option("reads").ifPresent(v -> b.option("reads", v));
        return EtcdBackend.open(b.build());
    }

    @Override
    public String toString() {
        return "faults on " + cluster;
    }
}
