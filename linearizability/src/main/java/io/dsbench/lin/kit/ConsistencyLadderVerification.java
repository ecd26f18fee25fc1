package io.dsbench.lin.kit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsbench.conformance.AbstractVerification;
import io.dsbench.conformance.ConformanceRule;
import io.dsbench.conformance.FaultyKeyValueStore;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.consistency.ConsistencyLadder;
import io.dsbench.lin.consistency.ConsistencyModel;
import io.dsbench.lin.consistency.KvLadderWorkload;
import io.dsbench.lin.consistency.ModelCheck;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.VersionedKvModel;
import io.dsbench.patterns.multileader.LwwLeaderView;
import io.dsbench.patterns.multileader.LwwStore;
import io.dsbench.patterns.multileader.ReplicationConfig;
import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The consistency ladder of each backend (rule CONS-LADDER): which model the backend's key-value store actually gives,
 * measured on a recorded history ({@link KvLadderWorkload}) and published as the measurement
 * {@code consistency_ladder.<workload>} (JSON; {@code dsbench run} gathers them under the backend's
 * {@code consistency_ladder} in conformance.json). Workloads: the backend's own store ({@code kv}), and core's quorum
 * store over three of its namespaces in each mode ({@code quorum-abd}: W=R=2 of N=3 with write-back;
 * {@code quorum-plain}: W=R=2 without; {@code quorum-w1r1}: W=R=1, i.e. W+R&lt;=N). Each quorum client reaches its
 * own replica directly and the two others through links that delay writes by 2 ms (the other racks); and the
 * multi-leader store with last-writer-wins ({@code multi-leader-lww}, each session at its own leader). Multi-leader
 * with version vectors or CRDTs is not on the ladder: a read there returns siblings or a merged state, not one
 * versioned value, so the versioned-kv model does not describe it (rules MULTI-1..8 check those).
 *
 * <p>To add a store: record its history with {@link KvLadderWorkload#record}
 * (one store per client, e.g. each client's local leader), run {@link ConsistencyLadder#of}, publish it with
 * {@link #publish}.
 */
public abstract class ConsistencyLadderVerification extends AbstractVerification {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Client threads (sessions) per workload. */
    protected int clients() {
        return 4;
    }

    /** Calls per client on the backend's own store. */
    protected int opsPerClient() {
        return 30;
    }

    /**
     * CONS-LADDER: the ladder of the backend's key-value store (and of the quorum store over it) is measured and
     * recorded; a backend that declares LINEARIZABLE_KV must reach the top rung, and every ladder must be coherent (a
     * rung that holds implies every rung below it).
     *
     * <p>If this fails on a backend declaring LINEARIZABLE_KV, the message names the first rung missed and its
     * counterexample (e.g. a read that missed the client's own write: reads served by a lagging replica or cache).
     */
    @Test
    @ConformanceRule(id = "CONS-LADDER", title = "The key-value store's consistency ladder is measured and reaches what"
            + " the backend declares")
    public void required_CONSLADDER_ladderReachesWhatTheBackendDeclares(TestReporter reporter) throws Exception {
        KeyValueStore kv = backend.keyValue(unique("cons-ladder"));
        Duration bound = env.scaled(Duration.ofSeconds(60));
        ConsistencyLadder.Ladder own = measure(KvLadderWorkload.record(clients(), opsPerClient(), c -> kv, seed(),
                bound));
        publish(reporter, "kv", backend.describe(), own);
        coherent("kv", own);
        if (backend.capabilities().contains(Capability.LINEARIZABLE_KV) && !own.strongest().equals("linearizable")) {
            throw new AssertionError("CONS-LADDER: backend '" + backend.name() + "' declares LINEARIZABLE_KV but its "
                    + "key-value history reaches only '" + own.strongest() + "':\n" + own.describe());
        }
        Map<String, QuorumConfig> modes = new LinkedHashMap<>();
        modes.put("quorum-abd", QuorumConfig.linearizable(3, 2, 2));
        modes.put("quorum-plain", QuorumConfig.strong(3, 2, 2));
        modes.put("quorum-w1r1", QuorumConfig.eventual(3, 1, 1));
        int k = 0;
        for (Map.Entry<String, QuorumConfig> m : modes.entrySet()) {
            k++;
            String base = unique("cons-ladder-" + m.getKey());
            List<KeyValueStore> replicas = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replicas.add(backend.keyValue(base + "-r" + i));
            }
            IntFunction<KeyValueStore> storeOf = c -> quorumClient(m.getValue(), replicas, c);
            ConsistencyLadder.Ladder l = measure(KvLadderWorkload.record(3, 20, storeOf, seed() + k, bound));
            publish(reporter, m.getKey(), "quorum store (" + m.getValue() + ") over 3 namespaces of "
                    + backend.describe(), l);
            coherent(m.getKey(), l);
        }
        multiLeaderLww(reporter, bound);
    }

    /**
     * The multi-leader store with last-writer-wins ({@code multi-leader-lww}): three leaders over namespaces of the
     * backend, replicating with a 5 ms delay; each client (session) writes and reads at its own leader, through
     * {@link LwwLeaderView} (compare-and-set compares at that leader only).
     */
    private void multiLeaderLww(TestReporter reporter, Duration bound) throws Exception {
        ReplicationConfig config = ReplicationConfig.overNamespaces(backend, unique("cons-ladder-mlww"), 3)
                .withDelay(Duration.ofMillis(5));
        try (LwwStore store = new LwwStore(config)) {
            ConsistencyLadder.Ladder l = measure(KvLadderWorkload.record(3, 20, c -> new LwwLeaderView(store, c),
                    seed() + 11, bound));
            publish(reporter, "multi-leader-lww", "multi-leader store, last-writer-wins, 3 leaders over namespaces of "
                    + backend.describe() + ", 5 ms replication delay, each session at its own leader", l);
            coherent("multi-leader-lww", l);
        }
    }

    private KeyValueStore quorumClient(QuorumConfig config, List<KeyValueStore> replicas, int client) {
        List<KeyValueStore> links = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            FaultyKeyValueStore link = new FaultyKeyValueStore("client-" + client + "->replica-" + i, replicas.get(i));
            if (i != client % replicas.size()) {
                link.slowWrites(Duration.ofMillis(2));
            }
            links.add(link);
        }
        return QuorumReplicatedStore.builder(config, links).writerId(client).deadline(env.operationBound()).build();
    }

    private ConsistencyLadder.Ladder measure(History h) {
        return new ConsistencyLadder(env.scaled(Duration.ofSeconds(20)), 500_000).of(h, new VersionedKvModel(),
                FailMode.DROP);
    }

    /** A rung that holds implies every rung below it; a violation of that is the checker's fault, reported as such. */
    private static void coherent(String workload, ConsistencyLadder.Ladder l) {
        ModelCheck lin = l.get(ConsistencyModel.LINEARIZABLE);
        ModelCheck seq = l.get(ConsistencyModel.SEQUENTIAL);
        for (ModelCheck c : l.checks()) {
            boolean above = c.model().isSession() ? seq.status() == ModelCheck.Status.HOLDS
                    : c.model() == ConsistencyModel.SEQUENTIAL && lin.status() == ModelCheck.Status.HOLDS;
            if (above && c.status() == ModelCheck.Status.VIOLATED) {
                throw new AssertionError("CONS-LADDER (" + workload + "): incoherent ladder, a stronger model holds but "
                        + c.model().cliName() + " is violated:\n" + l.describe());
            }
        }
    }

    /**
     * Publishes a ladder as the measurement {@code consistency_ladder.<workload>}: its JSON ({@link
     * ConsistencyLadder.Ladder#toJson()}) with {@code workload} and {@code config} added.
     */
    public static void publish(TestReporter reporter, String workload, String config, ConsistencyLadder.Ladder l)
            throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("workload", workload);
        tree.put("config", config);
        tree.putAll(l.toJson());
        String json = JSON.writeValueAsString(tree);
        reporter.publishEntry("consistency_ladder." + workload, json);
        System.out.println("[dsbench] consistency_ladder." + workload + " = " + l.strongest() + " ("
                + (l.firstMissed() == null ? "every rung holds" : "first missed: " + l.firstMissed().model().cliName())
                + (l.staleness() == null ? "" : "; " + l.staleness().line()) + ")");
    }
}
