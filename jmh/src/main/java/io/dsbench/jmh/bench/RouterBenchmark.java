package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.patterns.sharding.ConsistentHashRing;
import io.dsbench.patterns.sharding.JumpHashRouter;
import io.dsbench.patterns.sharding.MaglevRouter;
import io.dsbench.patterns.sharding.RangeRouter;
import io.dsbench.patterns.sharding.RendezvousRouter;
import io.dsbench.patterns.sharding.ShardRouter;
import io.dsbench.patterns.sharding.ShardingReport;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> one key-to-node lookup ({@link ShardRouter#route}) of each router with 10, 100 and 1,000 nodes:
 * {@code ring} (consistent hashing, 100 virtual nodes per node: a binary search over up to 100,000 points),
 * {@code jump} (Lamping-Veach jump hash over the node list), {@code rendezvous} (highest random weight: one hash per
 * node, so linear in the node count), {@code maglev} (one lookup in a 65,537-entry table) and {@code range} (a
 * sorted map of split points chosen at the key sample's quantiles). Keys are 4,096 strings walked round-robin, so the
 * figure includes hashing a short string. In-process; runs once (backend {@code inmemory}).
 *
 * <p><b>Invalidated by</b>: a key set small enough to stay in L1 while the real one would not (4,096 keys and the
 * largest table, 100,000 ring points, fit in L2 here; a production ring competes with the rest of the process for
 * cache, so expect slower lookups there); comparing routers as if they did the same job (range routing answers
 * range scans, the others do not; rendezvous and ring move the fewest keys on a change).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --include '^router\.'} (quick mode: 1,000 nodes only). Issue 13's goal: ring
 * lookup with 1,000 nodes x 100 vnodes under 100 ns.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class RouterBenchmark {
    @Param({"ring", "jump", "rendezvous", "maglev", "range"})
    public String router;

    @Param({"10", "100", "1000"})
    public int nodes;

    private final Keys keys = new Keys("key-", 4096);
    private ShardRouter shards;

    @Setup
    public void setUp() {
        List<String> ns = ShardingReport.nodes(nodes);
        shards = switch (router) {
            case "ring" -> ConsistentHashRing.of(ns, 100);
            case "jump" -> JumpHashRouter.of(ns);
            case "rendezvous" -> RendezvousRouter.of(ns);
            case "maglev" -> MaglevRouter.of(ns);
            case "range" -> RangeRouter.quantiles(Arrays.asList(keys.all()), ns);
            default -> throw new IllegalArgumentException("router '" + router
                    + "' is unknown; known: ring, jump, rendezvous, maglev, range");
        };
    }

    @Benchmark
    public String lookup() {
        return shards.route(keys.next());
    }
}
