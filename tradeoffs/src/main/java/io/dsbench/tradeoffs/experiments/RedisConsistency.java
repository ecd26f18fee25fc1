package io.dsbench.tradeoffs.experiments;

import io.dsbench.redis.RedisBackend;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Faults;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dsbench.tradeoffs.Row.EVENTUAL_CONSISTENCY;
import static io.dsbench.tradeoffs.Row.STRONG_CONSISTENCY;
import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;

/**
 * The consistency experiment's Redis part: one managed deployment of a primary and 2 asynchronous replicas
 * ({@code topology=replicated}), read two ways side by side: from the primary (a client on the primary's address)
 * and from the first replica ({@code readFrom=replica}); writes always go to the primary. Then the primary is
 * frozen (SIGSTOP through the backend's {@link Faults}) for a bounded window, resumed in {@code finally}, while
 * clients of each kind keep reading.
 */
final class RedisConsistency {
    static final String STRONG = "redis primary reads (primary + 2 replicas)";
    static final String EVENTUAL = "redis replica reads (primary + 2 replicas)";
    private static final Duration PAUSE_OP_TIMEOUT = Duration.ofMillis(500);

    private RedisConsistency() {
    }


    static void run(ExperimentContext ctx, ConsistencyExperiment.Profile p) throws Exception {
        ctx.progress("starting a redis primary + 2 replicas");
        Backend replicaReads = ctx.open(Map.of("topology", "replicated", "readFrom", "replica"));
        RedisServerProcess primary = ((RedisBackend) replicaReads).deployment().orElseThrow(
                () -> new IllegalStateException("the replicated redis deployment is not managed")).primary();
        Backend primaryReads = ctx.track(Backends.open(BackendConfig.builder("redis").endpoint("redis://"
                + primary.address()).keyPrefix(ctx.config().keyPrefix()).operationTimeout(PAUSE_OP_TIMEOUT)
                .build()));
        String ns = "tradeoffs-consistency-" + Long.toHexString(ctx.random().nextLong() >>> 16);
        String setup = "redis primary + 2 replicas; " + p.clients() + " clients x " + p.ops() + " calls (ladder"
                + " workload), writes on the primary";
        ctx.progress("redis: steady workload, primary reads then replica reads");
        ConsistencyProbe.Steady s = ConsistencyProbe.steady(STRONG, p.clients(), p.ops(),
                c -> primaryReads.keyValue(ns + "-primary"), ctx.seed() + 20, p.timeout());
        ConsistencyProbe.Steady e = ConsistencyProbe.steady(EVENTUAL, p.clients(), p.ops(),
                c -> replicaReads.keyValue(ns + "-replica"), ctx.seed() + 21, p.timeout());
        ConsistencyFigures.steady(ctx, s, e, setup + "; primary reads are linearizable only while no failover"
                + " happens (none in this run)");

        Faults faults = replicaReads.faults().orElseThrow(() -> new IllegalStateException("no faults on the managed"
                + " replicated redis"));
        String frozen = faults.writer().name();
        // something to read: the keys the window reads, written before the freeze
        for (String key : List.of("pa", "pb", "pc")) {
            primaryReads.keyValue(ns + "-pause").put(key, "before".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        List<ConsistencyProbe.Client> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(new ConsistencyProbe.Client("primary reads", primaryReads.keyValue(ns + "-pause"),
                    ConsistencyProbe.Mode.READ));
        }
        clients.add(new ConsistencyProbe.Client("replica reads", replicaReads.keyValue(ns + "-pause"),
                ConsistencyProbe.Mode.READ));
        String how = "primary " + frozen + " frozen (SIGSTOP) for " + p.redisWindow().toMillis() + " ms, 3 clients"
                + " reading from the primary and 1 from a replica all along (" + PAUSE_OP_TIMEOUT.toMillis()
                + " ms timeout on primary reads)";
        ctx.progress("redis: " + how);
        Map<String, ConsistencyProbe.Group> g;
        faults.pause(frozen);
        try {
            g = ConsistencyProbe.partition(clients, p.redisWindow(), p.maxOps(), ctx.seed() + 22,
                    ctx.config().operationTimeout().multipliedBy(2));
        } finally {
            faults.resume(frozen);
        }
        ConsistencyProbe.Group pr = g.get("primary reads");
        ConsistencyProbe.Group rr = g.get("replica reads");
        ctx.add(Figure.of(STRONG_CONSISTENCY, DISADVANTAGE, STRONG, "reads failed while the primary was unreachable",
                ConsistencyFigures.share(pr.readsFailed(), pr.reads()), "%", pr.reads(), "gets", how + "; vs "
                        + ConsistencyFigures.pct(ConsistencyFigures.share(rr.readsFailed(), rr.reads())) + " for "
                        + EVENTUAL + ", same window"));
        ctx.add(Figure.of(EVENTUAL_CONSISTENCY, ADVANTAGE, EVENTUAL, "reads answered while the primary was"
                + " unreachable", ConsistencyFigures.share(rr.reads() - rr.readsFailed(), rr.reads()), "%",
                rr.reads(), "gets", how + "; vs " + ConsistencyFigures.pct(ConsistencyFigures.share(pr.reads()
                - pr.readsFailed(), pr.reads())) + " for " + STRONG + ", same window"));
    }
}
