package io.dsbench.bench;

import io.dsbench.patterns.sharding.ConsistentHashRing;
import io.dsbench.patterns.sharding.JumpHashRouter;
import io.dsbench.patterns.sharding.MaglevRouter;
import io.dsbench.patterns.sharding.RendezvousRouter;
import io.dsbench.patterns.sharding.ShardRouter;
import io.dsbench.patterns.sharding.ShardingReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Router quality for bench.json, measured with core's {@link ShardingReport}: load imbalance over 10 nodes and the
 * fraction of keys that move when an 11th node is added, beside the ideal 1/11. Backend-independent: runs once.
 * The range router is left out: it cannot add a node by name (a new range needs a split point).
 */
public final class RouterQuality {
    private RouterQuality() {
    }

    /** One row per hash router (ring with its default virtual nodes, jump, rendezvous, Maglev). */
    public static List<BenchRows.Sharding> measure(int keyCount) {
        List<String> keys = ShardingReport.keys(keyCount);
        List<String> nodes = ShardingReport.nodes(10);
        List<ShardRouter> routers = List.of(ConsistentHashRing.of(nodes), JumpHashRouter.of(nodes),
                RendezvousRouter.of(nodes), MaglevRouter.of(nodes));
        List<BenchRows.Sharding> rows = new ArrayList<>();
        for (ShardRouter r : routers) {
            ShardingReport.Scenario sc = ShardingReport.addAndRemove(r, "node-10", keys);
            rows.add(new BenchRows.Sharding(r.name(), 10, 11, keyCount, round(sc.load().imbalance()),
                    round(sc.loadAfter().imbalance()), round(sc.added().movedFraction()),
                    round(sc.added().idealFraction()), sc.added().movedBetweenOthers()));
        }
        return rows;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
