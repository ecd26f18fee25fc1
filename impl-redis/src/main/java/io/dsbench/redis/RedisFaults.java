package io.dsbench.redis;

import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Faults;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link Faults} on the servers of a managed {@link RedisBackend}: members {@code node0} (started as primary),
 * {@code node1}, {@code node2} (replicas) and {@code sentinel0..2}, named after their directories. Roles are read
 * from each running server's {@code INFO replication} (so a promoted replica reports PRIMARY).
 *
 * <p>{@link #start} and {@link #restartAll} return once the owning backend's own connection answers again (and, with
 * Sentinel, a Sentinel names a primary that reports {@code role:master} and every other running server reports
 * {@code role:slave}): its clients reconnect on their next call.
 * Without {@code durability=aof-always} a killed server comes back empty.
 */
final class RedisFaults implements Faults {
    private final RedisDeployment deployment;
    private final BackendConfig config;
    private final Supplier<Boolean> ownConnectionAnswers;

    RedisFaults(RedisDeployment deployment, BackendConfig config, Supplier<Boolean> ownConnectionAnswers) {
        this.deployment = deployment;
        this.config = config;
        this.ownConnectionAnswers = ownConnectionAnswers;
    }

    private static String name(RedisServerProcess p) {
        return p.dir().getFileName().toString();
    }

    private RedisServerProcess process(String member) {
        for (RedisServerProcess p : deployment.allProcesses()) {
            if (name(p).equals(member)) {
                return p;
            }
        }
        require(member); // throws naming the members
        throw new IllegalArgumentException("member = '" + member + "' is unknown");
    }

    /**
     * Members with their roles. With Sentinel, PRIMARY is only the server the Sentinels name (and that reports
     * {@code role:master}); a restarted old primary that still reports master until the Sentinels demote it is
     * UNKNOWN, so a failover never kills the wrong server.
     */
    @Override
    public List<Member> members() {
        Integer named = deployment.sentinels().isEmpty() ? null : deployment.sentinelPrimaryPort().orElse(-1);
        List<Member> out = new ArrayList<>();
        for (RedisServerProcess p : deployment.allProcesses()) {
            State state = !p.isAlive() ? State.KILLED : p.isPaused() ? State.PAUSED : State.RUNNING;
            out.add(new Member(name(p), role(p, state, named), state, p.address()));
        }
        return out;
    }

    private static Role role(RedisServerProcess p, State state, Integer sentinelPrimaryPort) {
        if (p.role() == RedisServerProcess.Role.SENTINEL) {
            return Role.SENTINEL;
        }
        if (state != State.RUNNING) {
            return Role.UNKNOWN;
        }
        String role = replicationRole(p);
        if ("slave".equals(role)) {
            return Role.REPLICA;
        }
        if ("master".equals(role)) {
            return sentinelPrimaryPort == null || sentinelPrimaryPort == p.port() ? Role.PRIMARY : Role.UNKNOWN;
        }
        return Role.UNKNOWN;
    }

    private static String replicationRole(RedisServerProcess p) {
        try {
            return p.info("replication").get("role");
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void kill(String member) {
        process(member).kill();
    }

    @Override
    public void start(String member, Duration max) {
        RedisServerProcess p = process(member);
        if (p.isAlive()) {
            throw new IllegalStateException("cannot start " + member + " (" + p.describe() + "): it is running");
        }
        long deadline = System.nanoTime() + max.toNanos();
        p.startAgain();
        awaitServing(deadline, max);
    }

    @Override
    public void pause(String member) {
        process(member).pause();
    }

    @Override
    public void resume(String member) {
        process(member).resume();
    }

    @Override
    public void restartAll(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        List<RedisServerProcess> sentinels = deployment.sentinels();
        for (RedisServerProcess s : sentinels) {
            s.kill();
        }
        for (RedisServerProcess d : deployment.dataServers()) {
            d.kill();
        }
        for (RedisServerProcess d : deployment.dataServers()) {
            d.startAgain();
        }
        for (RedisServerProcess s : sentinels) {
            s.startAgain();
        }
        awaitServing(deadline, max);
    }

    /** Until the backend's own connection answers and, with Sentinel, a Sentinel names a live primary. */
    private void awaitServing(long deadline, Duration max) {
        String last = "nothing answered yet";
        while (true) {
            boolean primaryKnown = true;
            if (!deployment.sentinels().isEmpty()) {
                primaryKnown = deployment.sentinelPrimaryPort().flatMap(port -> deployment.dataServers().stream()
                        .filter(d -> d.port() == port && d.isAlive() && !d.isPaused()).findFirst())
                        .map(RedisFaults::isMaster).orElse(false);
                if (!primaryKnown) {
                    last = "no Sentinel names a live primary";
                } else {
                    int port = deployment.sentinelPrimaryPort().orElse(-1);
                    for (RedisServerProcess d : deployment.dataServers()) {
                        if (d.port() != port && d.isAlive() && !d.isPaused() && !"slave".equals(replicationRole(d))) {
                            primaryKnown = false; // a restarted old primary the Sentinels have not demoted yet
                            last = d.describe() + " still reports role:master besides the Sentinels' primary";
                        }
                    }
                }
            }
            if (primaryKnown) {
                if (ownConnectionAnswers.get()) {
                    return;
                }
                last = "the backend's own connection does not answer PING";
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false, "redis deployment "
                        + deployment.describe() + " does not serve again within " + max + ": " + last);
            }
            sleep(20);
        }
    }

    private static boolean isMaster(RedisServerProcess p) {
        return "master".equals(replicationRole(p));
    }

    @Override
    public Backend openClient() {
        BackendConfig.Builder b = BackendConfig.builder("redis").endpoints(deployment.endpoints())
                .keyPrefix(config.keyPrefix()).operationTimeout(config.operationTimeout())
                .connectTimeout(config.connectTimeout());
        config.username().ifPresent(b::username);
        config.password().ifPresent(b::password);
        config.option(RedisOptions.SENTINEL_MASTER).ifPresent(v -> b.option(RedisOptions.SENTINEL_MASTER, v));
        return RedisBackend.open(b.build());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis to serve again", e);
        }
    }

    @Override
    public String toString() {
        return "faults on " + deployment.describe();
    }
}
