package io.dsbench.tradeoffs.experiments;

import io.dsbench.chaos.net.ChaosCluster;
import io.dsbench.chaos.net.NetnsEtcd;
import io.dsbench.chaos.net.SkewClock;
import io.dsbench.spec.kv.KeyValueStore;
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
 * The consistency experiment's etcd part: a 3-member cluster started by the chaos module ({@link ChaosCluster}),
 * each member reached through its own fault proxy, and clients bound to one member each, reading
 * {@code linearizable} (strong: a read index from the leader) or {@code serializable} (eventual: the member's local
 * state). Writes always go through Raft. The minority partition isolates one follower: as root with {@code nft},
 * each member runs in its own network namespace and nftables rules drop the follower's traffic with the two others
 * ({@link NetnsEtcd}, as the chaos {@code partition} nemesis does); without them the two other members are frozen
 * (SIGSTOP) instead, which cuts the follower off the same way but leaves no majority side.
 */
final class EtcdConsistency {
    static final String STRONG = "etcd linearizable reads (3 members)";
    static final String EVENTUAL = "etcd serializable reads (3 members)";
    private static final Duration PARTITION_OP_TIMEOUT = Duration.ofSeconds(1);

    private EtcdConsistency() {
    }


    static void run(ExperimentContext ctx, ConsistencyExperiment.Profile p) throws Exception {
        boolean netns = NetnsEtcd.available();
        String prefix = ctx.config().keyPrefix() + "tradeoffs-consistency/";
        ctx.progress("starting 3 etcd members" + (netns ? " in network namespaces" : "") + " with a proxy each");
        ChaosCluster cc = ctx.track(ChaosCluster.open("etcd", prefix, new SkewClock(), ctx.seed(),
                ctx.config().operationTimeout(), netns, 3, "linearizable"));
        List<String> members = cc.dataMembers();
        Faults faults = cc.faults();
        String ns = "cons-" + Long.toHexString(ctx.random().nextLong() >>> 16);

        List<Backend> lin = new ArrayList<>();
        List<Backend> ser = new ArrayList<>();
        for (String m : members) {
            lin.add(client(ctx, cc, m, prefix, "linearizable", ctx.config().operationTimeout()));
            ser.add(client(ctx, cc, m, prefix, "serializable", ctx.config().operationTimeout()));
        }
        String setup = "3 etcd members; " + p.clients() + " clients x " + p.ops() + " calls (ladder workload), client i"
                + " bound to member i mod 3 through its proxy";
        ctx.progress("etcd: steady workload, linearizable then serializable reads");
        ConsistencyProbe.Steady s = ConsistencyProbe.steady(STRONG, p.clients(), p.ops(),
                c -> lin.get(c % lin.size()).keyValue(ns + "-lin"), ctx.seed() + 10, p.timeout());
        ConsistencyProbe.Steady e = ConsistencyProbe.steady(EVENTUAL, p.clients(), p.ops(),
                c -> ser.get(c % ser.size()).keyValue(ns + "-ser"), ctx.seed() + 11, p.timeout());
        ConsistencyFigures.steady(ctx, s, e, setup);

        String leader = faults.writer().name();
        String isolated = members.stream().filter(m -> !m.equals(leader)).findFirst().orElseThrow();
        String other = members.stream().filter(m -> !m.equals(leader) && !m.equals(isolated)).findFirst()
                .orElseThrow();
        List<ConsistencyProbe.Client> clients = new ArrayList<>();
        for (String reads : List.of("linearizable", "serializable")) {
            for (ConsistencyProbe.Mode mode : List.of(ConsistencyProbe.Mode.READ, ConsistencyProbe.Mode.READ,
                    ConsistencyProbe.Mode.WRITE)) {
                clients.add(new ConsistencyProbe.Client("minority " + reads, client(ctx, cc, isolated, prefix, reads,
                        PARTITION_OP_TIMEOUT).keyValue(ns + "-part"), mode));
            }
        }
        String how;
        if (netns) {
            for (String m : List.of(leader, other)) {
                clients.add(new ConsistencyProbe.Client("majority", client(ctx, cc, m, prefix, "linearizable",
                        PARTITION_OP_TIMEOUT).keyValue(ns + "-part"), ConsistencyProbe.Mode.WRITE));
            }
            how = "follower " + isolated + " isolated from " + leader + " (leader) and " + other + " by nftables"
                    + " rules in its network namespace for " + p.etcdWindow().toMillis() + " ms; per variant 2"
                    + " readers and 1 writer bound to " + isolated + " only (" + PARTITION_OP_TIMEOUT.toMillis()
                    + " ms timeout), 2 majority writers on " + leader + " and " + other;
        } else {
            how = "follower " + isolated + " cut off by freezing (SIGSTOP) " + leader + " and " + other + " for "
                    + p.etcdWindow().toMillis() + " ms (no network namespaces without root and nft: no majority"
                    + " side); per variant 2 readers and 1 writer bound to " + isolated + " only ("
                    + PARTITION_OP_TIMEOUT.toMillis() + " ms timeout)";
        }
        ctx.progress("etcd: " + how);
        Map<String, ConsistencyProbe.Group> g;
        List<String> paused = new ArrayList<>();
        try {
            if (netns) {
                cc.netns().orElseThrow().isolate(List.of(isolated), members);
            } else {
                for (String m : List.of(leader, other)) {
                    faults.pause(m);
                    paused.add(m);
                }
            }
            g = ConsistencyProbe.partition(clients, p.etcdWindow(), p.maxOps(), ctx.seed() + 12,
                    PARTITION_OP_TIMEOUT.multipliedBy(4));
        } finally {
            if (netns) {
                cc.netns().orElseThrow().heal(List.of(isolated));
            }
            for (String m : paused) {
                faults.resume(m);
            }
        }
        ConsistencyFigures.partition(ctx, STRONG, g.get("minority linearizable"), g.get("majority"), EVENTUAL,
                g.get("minority serializable"), null, how);
    }

    /** An etcd client bound to one member, through that member's proxy. */
    private static Backend client(ExperimentContext ctx, ChaosCluster cc, String member, String prefix, String reads,
                                  Duration timeout) {
        String url = "http://" + cc.proxy(member).orElseThrow(() -> new IllegalStateException("no proxy for "
                + member)).address();
        return ctx.track(Backends.open(BackendConfig.builder("etcd").endpoint(url).option("reads", reads)
                .keyPrefix(prefix).operationTimeout(timeout).build()));
    }
}
