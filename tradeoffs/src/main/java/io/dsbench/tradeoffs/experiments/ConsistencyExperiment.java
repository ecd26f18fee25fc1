package io.dsbench.tradeoffs.experiments;

import io.dsbench.spi.Backend;
import io.dsbench.spi.Backends;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Row;

import java.time.Duration;
import java.util.List;

/**
 * Rows <b>strong consistency</b> and <b>eventual consistency</b>: the same recorded workloads over a strong and an
 * eventual variant side by side, stale reads counted by the project's {@link io.dsbench.lin.consistency.Staleness}
 * checker, latencies from the same calls, and a minority partition's failures.
 *
 * <ul>
 *   <li><b>Every backend</b> ({@link QuorumConsistency}): core's quorum store over 3 namespaces of the backend,
 *       W=2 R=2 with ABD write-back vs W=1 R=1; clients next to one replica each, in-process links adding 2 ms to
 *       the two others; an in-process partition cuts a minority client off from 2 of the 3 replicas.</li>
 *   <li><b>etcd</b>, managed ({@link EtcdConsistency}): 3 members, clients bound to one member each, linearizable vs
 *       serializable reads; a follower isolated by nftables in its network namespace (as root), else cut off by
 *       freezing the two others.</li>
 *   <li><b>redis</b>, managed ({@link RedisConsistency}): primary + 2 replicas, primary reads vs replica reads; the
 *       primary frozen (SIGSTOP) while both keep reading.</li>
 * </ul>
 * With {@code --endpoint} (not managed) the etcd and redis variants are unmeasured (they need deployments dsbench
 * starts); the quorum part still runs over the given servers.
 */
public final class ConsistencyExperiment implements Experiment {

    /**
     * Sizes of one run.
     *
     * @param clients     clients of the steady workload
     * @param ops         calls per client in the steady workload
     * @param window      the quorum partition's window (per variant)
     * @param etcdWindow  the etcd partition's window
     * @param redisWindow how long the redis primary stays frozen
     * @param maxOps      cap on a client's calls in a window
     * @param timeout     bound for one steady workload
     */
    record Profile(int clients, int ops, Duration window, Duration etcdWindow, Duration redisWindow, int maxOps,
                   Duration timeout) {
        static Profile of(boolean quick) {
            return quick
                    ? new Profile(6, 40, Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(2), 400,
                    Duration.ofSeconds(60))
                    : new Profile(6, 300, Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(6), 5000,
                    Duration.ofSeconds(180));
        }
    }

    @Override
    public String id() {
        return "consistency";
    }

    @Override
    public String method() {
        return "Each variant runs the consistency ladder's recorded workload (6 clients: gets, puts, compare-and-sets"
                + " on 3 keys, half the puts read back at once; 40 calls each with --quick, 300 without, after an"
                + " unrecorded warm-up of 10 calls each); stale = a read that returned a version older than one"
                + " acknowledged before the read began (Staleness checker), with how many versions and ms it was"
                + " behind; latencies are those same calls (reads = gets, writes = puts and compare-and-sets). On"
                + " every backend: core's quorum store over 3 namespaces of it, W=2 R=2 with ABD write-back (strong)"
                + " vs W=1 R=1 (eventual); each client sits next to one replica and reaches the 2 others over"
                + " in-process links adding 2 ms per call; then a minority partition, in process (1.5 s, 8 s"
                + " without --quick): 2 clients reach only replica 0 (gets and puts), 2 reach only replicas 1 and 2"
                + " (puts), cut links refuse at once, no retries. etcd (managed): 3 members, each client bound to"
                + " one member through its proxy, linearizable vs serializable reads; partition (3 s, 10 s): a"
                + " follower isolated from the two others by nftables rules in its network namespace (as root),"
                + " else cut off by freezing them (SIGSTOP); per read mode 2 readers and 1 writer bound to it (1 s"
                + " timeout), 2 writers on the majority. redis (managed): primary + 2 replicas, reads from the"
                + " primary vs from a replica (writes on the primary); then the primary frozen (SIGSTOP; 2 s, 6 s)"
                + " while 3 clients read from it (500 ms timeout) and 1 from a replica.";
    }

    @Override
    public List<Row> rows() {
        return List.of(Row.STRONG_CONSISTENCY, Row.EVENTUAL_CONSISTENCY);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        int s = switch (backend) {
            case "inmemory" -> quick ? 4 : 20;
            case "redis" -> quick ? 9 : 30;
            case "etcd" -> quick ? 16 : 60;
            default -> quick ? 10 : 45;
        };
        return Duration.ofSeconds(s);
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Profile p = Profile.of(ctx.quick());
        try (Backend backend = Backends.open(ctx.config())) {
            QuorumConsistency.run(ctx, backend, p);
        }
        boolean managed = ctx.managed();
        String why = "needs a deployment dsbench starts (managed); with --endpoint only the quorum variants run";
        switch (ctx.backend()) {
            case "etcd" -> {
                if (managed) {
                    EtcdConsistency.run(ctx, p);
                } else {
                    ConsistencyFigures.unmeasured(ctx, EtcdConsistency.STRONG, EtcdConsistency.EVENTUAL, why);
                }
            }
            case "redis" -> {
                if (managed) {
                    RedisConsistency.run(ctx, p);
                } else {
                    ConsistencyFigures.unmeasured(ctx, RedisConsistency.STRONG, RedisConsistency.EVENTUAL, why);
                }
            }
            default -> {
                // in-memory and plugged-in backends: the quorum variants are theirs
            }
        }
    }
}
