package io.dsbench.tradeoffs.experiments;

import io.dsbench.conformance.FaultyKeyValueStore;
import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.ExperimentContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consistency experiment's part that runs on every backend: core's {@link QuorumReplicatedStore} over N = 3
 * replicas, each a namespace of the backend, as W=2 R=2 with ABD write-back (strong) and W=1 R=1 (eventual, W + R
 * &lt;= N). Every client sits next to one replica (a direct link) and reaches the two others through in-process links
 * ({@link FaultyKeyValueStore}) that add {@link #LINK_DELAY} to every call: the other racks. The partition cuts
 * those links: minority clients reach only replica 0, majority clients only replicas 1 and 2.
 */
final class QuorumConsistency {
    /** What a link to a replica in another rack adds to every call. */
    static final Duration LINK_DELAY = Duration.ofMillis(2);
    static final String STRONG = "quorum W=2 R=2 ABD (N=3)";
    static final String EVENTUAL = "quorum W=1 R=1 (N=3)";
    private static final int REPLICAS = 3;
    private static final int PARTITION_WRITER_BASE = 64;

    private QuorumConsistency() {
    }

    static void run(ExperimentContext ctx, Backend backend, ConsistencyExperiment.Profile p) throws Exception {
        String base = "tradeoffs-consistency-" + Long.toHexString(ctx.random().nextLong() >>> 16);
        Duration op = ctx.config().operationTimeout();
        QuorumConfig strong = QuorumConfig.linearizable(REPLICAS, 2, 2);
        QuorumConfig eventual = QuorumConfig.eventual(REPLICAS, 1, 1);
        List<KeyValueStore> strongReplicas = replicas(backend, base + "-abd");
        List<KeyValueStore> eventualReplicas = replicas(backend, base + "-w1r1");
        String setup = "3 replicas = namespaces of " + ctx.backend() + "; " + p.clients() + " clients x " + p.ops()
                + " calls (ladder workload), each next to one replica, the 2 others over in-process links adding "
                + LINK_DELAY.toMillis() + " ms per call";

        ctx.progress("quorum over 3 namespaces: steady workload, " + STRONG + " then " + EVENTUAL);
        ConsistencyProbe.Steady s = ConsistencyProbe.steady(STRONG, p.clients(), p.ops(),
                c -> client(strong, strongReplicas, c, c % REPLICAS, Set.of(), op), ctx.seed(), p.timeout());
        ConsistencyProbe.Steady e = ConsistencyProbe.steady(EVENTUAL, p.clients(), p.ops(),
                c -> client(eventual, eventualReplicas, c, c % REPLICAS, Set.of(), op), ctx.seed() + 1, p.timeout());
        ConsistencyFigures.steady(ctx, s, e, setup);

        ctx.progress("quorum: minority partition for " + p.window().toMillis() + " ms per variant");
        Map<String, ConsistencyProbe.Group> sp = partition(strong, strongReplicas, op, p, ctx.seed() + 2);
        Map<String, ConsistencyProbe.Group> ep = partition(eventual, eventualReplicas, op, p, ctx.seed() + 3);
        ConsistencyFigures.partition(ctx, STRONG, sp.get("minority"), sp.get("majority"), EVENTUAL,
                ep.get("minority"), ep.get("majority"), "in-process partition for " + p.window().toMillis()
                        + " ms: 2 minority clients (gets and puts) reach only replica 0, 2 majority clients (puts)"
                        + " only replicas 1 and 2; cut links refuse at once, no retries");
    }

    private static List<KeyValueStore> replicas(Backend backend, String base) {
        List<KeyValueStore> out = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            out.add(backend.keyValue(base + "-r" + i));
        }
        return out;
    }

    /**
     * A quorum client next to replica {@code local}: direct link to it, delayed links to the others, cut links
     * (refusing every call at once) to {@code cut}. One attempt per replica call: a refused replica stays refused.
     */
    static QuorumReplicatedStore client(QuorumConfig config, List<KeyValueStore> replicas, int writer, int local,
                                        Set<Integer> cut, Duration op) {
        List<KeyValueStore> links = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            FaultyKeyValueStore link = new FaultyKeyValueStore("client-" + writer + "->replica-" + i,
                    replicas.get(i));
            if (cut.contains(i)) {
                link.down();
            } else if (i != local) {
                link.slow(LINK_DELAY);
            }
            links.add(link);
        }
        return QuorumReplicatedStore.builder(config, links).writerId(writer)
                .policy(ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(op).build()).deadline(op).build();
    }

    private static Map<String, ConsistencyProbe.Group> partition(QuorumConfig config, List<KeyValueStore> replicas,
                                                                 Duration op, ConsistencyExperiment.Profile p,
                                                                 long seed) throws InterruptedException {
        int w = PARTITION_WRITER_BASE;
        List<ConsistencyProbe.Client> clients = List.of(
                new ConsistencyProbe.Client("minority", client(config, replicas, w, 0, Set.of(1, 2), op),
                        ConsistencyProbe.Mode.READ_WRITE),
                new ConsistencyProbe.Client("minority", client(config, replicas, w + 1, 0, Set.of(1, 2), op),
                        ConsistencyProbe.Mode.READ_WRITE),
                new ConsistencyProbe.Client("majority", client(config, replicas, w + 2, 1, Set.of(0), op),
                        ConsistencyProbe.Mode.WRITE),
                new ConsistencyProbe.Client("majority", client(config, replicas, w + 3, 2, Set.of(0), op),
                        ConsistencyProbe.Mode.WRITE));
        return ConsistencyProbe.partition(clients, p.window(), p.maxOps(), seed, op.multipliedBy(2));
    }
}
