package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.multileader.LwwStore;
import io.dsbench.patterns.multileader.ReplicationConfig;
import io.dsbench.patterns.multileader.Siblings;
import io.dsbench.patterns.multileader.VersionVectorStore;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Latencies;
import io.dsbench.tradeoffs.Row;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Multi-leader replication, measured: three leaders of dsbench's multi-leader stores ({@link LwwStore},
 * {@link VersionVectorStore}) on namespaces and logs of the backend, one paced client per leader.
 *
 * <p>Phases, each on fresh stores: (1) LWW, each client at its own leader, 10 ms replication lag: write latency
 * per leader, conflicts and LWW's drops; (2) the same engine used single-leader: all three clients write through
 * leader 0 (leaders 1 and 2 only receive): the latency and conflict baseline; (3) LWW with every link cut
 * ({@code links().isolateAll()}): writes accepted during the partition, then heal, drain, conflicts and drops;
 * (4, 5) the same two workloads (connected, partitioned) on the version-vector store: conflicts and the siblings
 * left for the application to merge once replication drained. Every number comes from the stores: a conflict is
 * an acknowledged write concurrent with another write of the same key by their version vectors (neither's context
 * covers the other's dot), drops are {@link LwwStore#droppedWrites()}, siblings are what
 * {@link VersionVectorStore#get} returns after convergence.
 */
public final class MultiLeaderExperiment implements Experiment {
    static final int LEADERS = 3;
    static final int KEYS = 50;
    static final Duration LAG = Duration.ofMillis(10);
    static final Duration INTERVAL = Duration.ofMillis(4);
    static final Duration DRAIN_BOUND = Duration.ofSeconds(60);

    /** The longest a phase's writers run (slow backends write fewer than {@link #writes} then). */
    static Duration cap(boolean quick) {
        return Duration.ofSeconds(quick ? 4 : 25);
    }

    static int visibilitySamples(boolean quick) {
        return quick ? 30 : 200;
    }

    @Override
    public String id() {
        return "multi-leader";
    }

    @Override
    public String method() {
        return "3 leaders of dsbench's multi-leader stores on namespaces and logs of the backend (LwwStore,"
                + " VersionVectorStore), " + LAG.toMillis() + " ms replication lag, 3 clients each writing one write"
                + " every " + INTERVAL.toMillis() + " ms on " + KEYS + " shared keys (seeded; 200 writes per client"
                + " and phase, 2,000 in the full run, each phase at most 4 s / 25 s). Write latency: each client at its"
                + " own leader vs the same clients all writing through leader 0 (the engine used single-leader), same"
                + " run; then one write at a time, the time until every other leader returns it. Partition: every"
                + " link cut (links().isolateAll()); writes accepted = calls that returned. Conflict = an"
                + " acknowledged write concurrent with another write of the same key by their version vectors; drops"
                + " = LwwStore.droppedWrites() after heal and drain; siblings left = the version-vector store's"
                + " siblings in keys with more than one, once replication drained. The leaders share one backend:"
                + " no wide-area round trip is modelled beyond the lag.";
    }

    @Override
    public List<Row> rows() {
        return List.of(Row.MULTI_LEADER);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        double perPhase = writes(quick) * INTERVAL.toMillis() / 1000.0 + 0.5;
        double factor = backend.equals("etcd") ? 3.5 : backend.equals("redis") ? 1.5 : 1.0;
        double visibility = visibilitySamples(quick) * (LAG.toMillis() + 2) / 1000.0;
        double seconds = Math.min(5 * perPhase * factor, 5 * (cap(quick).toSeconds() + 1.0)) + visibility;
        return Duration.ofMillis((long) (seconds * 1000));
    }

    static int writes(boolean quick) {
        return quick ? 200 : 2000;
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Backend backend = ctx.open(Map.of());
        long seed = ctx.seed();
        int writes = writes(ctx.quick());
        Duration cap = cap(ctx.quick());
        String run = Long.toString(System.currentTimeMillis(), 36) + Integer.toString(
                ThreadLocalRandom.current().nextInt(1 << 20), 36);

        ctx.progress("LWW, each client at its own leader");
        LwwPhase multi = lww(backend, "ml-" + run, seed, writes, c -> c, false, cap,
                visibilitySamples(ctx.quick()));
        ctx.progress("LWW, every client through leader 0 (single-leader baseline)");
        LwwPhase single = lww(backend, "sl-" + run, seed, writes, c -> 0, false, cap, 0);
        ctx.progress("LWW, every link cut");
        LwwPhase cut = lww(backend, "mlp-" + run, seed, writes, c -> c, true, cap, 0);
        ctx.progress("version vectors, connected and partitioned");
        VvPhase vv = vv(backend, "vv-" + run, seed, writes, false, cap);
        VvPhase vvCut = vv(backend, "vvp-" + run, seed, writes, true, cap);

        Latencies all0 = single.result.perLeader()[0];
        String base = String.format(Locale.ROOT, "vs p50 %.3f ms, p99 %.3f ms with all 3 clients writing through"
                + " leader 0 (single-leader), same run; %d ms replication lag; the leaders share one backend, so the"
                + " wide-area round trip a remote client saves by writing locally is not part of either",
                all0.percentileMs(50), all0.percentileMs(99), LAG.toMillis());
        String lww = "LWW, 3 leaders, each client at its own leader";
        for (int l = 0; l < LEADERS; l++) {
            Latencies lat = multi.result.perLeader()[l];
            ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, lww, "write latency p50, leader " + l,
                    lat.percentileMs(50), "ms", lat.count(), "writes", base));
            ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, lww, "write latency p99, leader " + l,
                    lat.percentileMs(99), "ms", lat.count(), "writes", base));
        }
        String sl = "single-leader baseline: the same engine, all clients through leader 0";
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, sl, "write latency p50", all0.percentileMs(50), "ms",
                all0.count(), "writes", "3 clients on leader 0; leaders 1 and 2 only receive"));
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, sl, "write latency p99", all0.percentileMs(99), "ms",
                all0.count(), "writes", "3 clients on leader 0; leaders 1 and 2 only receive"));

        Latencies local = multi.result.all();
        Latencies visible = multi.visible;
        for (int p : new int[] {50, 99}) {
            ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, lww, "time until a write is readable at every"
                    + " other leader p" + p, visible.percentileMs(p), "ms", visible.count(), "writes",
                    String.format(Locale.ROOT, "vs p%d %.3f ms for the local acknowledgement, same run: what a write"
                            + " would wait if every leader had to have it first (%d ms replication lag included);"
                            + " one write at a time, other leaders polled every 0.1 ms", p, local.percentileMs(p),
                            LAG.toMillis())));
        }

        String part = "LWW, partition: every link between leaders cut";
        Latencies cutLat = cut.result.all();
        for (int p : new int[] {50, 99}) {
            ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, part, "write latency p" + p + " during the"
                    + " partition, all leaders", cutLat.percentileMs(p), "ms", cutLat.count(), "writes",
                    String.format(Locale.ROOT, "vs p%d %.3f ms with every link open (when incoming replication shares"
                            + " each leader's backend), same clients, same run: a local write never waits for the other"
                            + " leaders", p, local.percentileMs(p))));
        }
        String partNote = String.format(Locale.ROOT, "%d of %d attempted, each at its own leader, during the"
                + " partition; version-vector store: %d of %d", cut.result.accepted(), cut.result.attempted(),
                vvCut.result.accepted(), vvCut.result.attempted()) + error(cut.result);
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, part, "writes accepted during the partition",
                cut.result.accepted(), "writes", cut.result.attempted(), "writes attempted", partNote));
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.ADVANTAGE, part, "share of writes accepted during the partition",
                100.0 * cut.result.accepted() / Math.max(1, cut.result.attempted()), "%", cut.result.attempted(),
                "writes attempted", partNote));

        String slNote = String.format(Locale.ROOT, "vs %.1f per 1,000 and %d dropped with all clients through"
                + " leader 0 (single-leader), same run", perThousand(single.conflicts, single.result.accepted()),
                single.dropped);
        conflictFigures(ctx, lww + ", " + LAG.toMillis() + " ms lag", multi, slNote);
        conflictFigures(ctx, part, cut, slNote);
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.DISADVANTAGE, sl, "writes dropped by LWW", single.dropped,
                "writes", single.result.accepted(), "writes", String.format(Locale.ROOT,
                        "conflicts per 1,000 writes: %.1f", perThousand(single.conflicts, single.result.accepted()))));
        siblingFigures(ctx, "version vectors, 3 leaders, each client at its own leader, " + LAG.toMillis()
                + " ms lag", vv);
        siblingFigures(ctx, "version vectors, partition: every link between leaders cut", vvCut);
    }

    private static void conflictFigures(ExperimentContext ctx, String variant, LwwPhase p, String baseline) {
        long n = p.result.accepted();
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.DISADVANTAGE, variant, "conflicts per 1,000 writes",
                perThousand(p.conflicts, n), "per 1,000 writes", n, "writes", p.conflicts + " of " + n
                        + " writes concurrent with another write of the same key" + rate(p.result) + "; " + baseline));
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.DISADVANTAGE, variant, "writes dropped by LWW", p.dropped,
                "writes", n, "writes", String.format(Locale.ROOT, "%.1f per 1,000 acknowledged writes, from"
                        + " LwwStore.droppedWrites() after drain; ", perThousand(p.dropped, n)) + baseline));
    }

    private static void siblingFigures(ExperimentContext ctx, String variant, VvPhase p) {
        long n = p.result.accepted();
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.DISADVANTAGE, variant, "conflicts per 1,000 writes",
                perThousand(p.conflicts, n), "per 1,000 writes", n, "writes", p.conflicts + " of " + n
                        + " writes concurrent with another write of the same key" + rate(p.result)
                        + error(p.result)));
        ctx.add(Figure.of(Row.MULTI_LEADER, Row.Side.DISADVANTAGE, variant, "siblings left for merge",
                p.siblings, "siblings", p.result.writes().size(), "keys", "in " + p.keysWithSiblings + " of "
                        + p.result.writes().size() + " keys after replication drained (the same at all "
                        + LEADERS + " leaders: " + p.converged + ")"));
    }

    private static String rate(MultiLeaderWorkload.Result r) {
        return String.format(Locale.ROOT, " (%.0f writes/s over %d keys)", r.accepted() / Math.max(1e-9, r.seconds()),
                KEYS);
    }

    private static String error(MultiLeaderWorkload.Result r) {
        return r.firstError() == null ? "" : "; first failure: " + r.firstError();
    }

    static double perThousand(long part, long of) {
        return of == 0 ? 0 : 1000.0 * part / of;
    }

    /** One LWW phase's outcome. */
    record LwwPhase(MultiLeaderWorkload.Result result, long conflicts, long dropped, Set<String> droppedIds,
                    Set<String> conflictIds, Latencies visible) {
    }

    /** One version-vector phase's outcome. */
    record VvPhase(MultiLeaderWorkload.Result result, long conflicts, long siblings, long keysWithSiblings,
                   boolean converged) {
    }

    static LwwPhase lww(Backend backend, String name, long seed, int writes,
                        java.util.function.IntUnaryOperator leaderOf, boolean partitioned, Duration cap,
                        int visibilitySamples) throws InterruptedException {
        try (LwwStore store = new LwwStore(ReplicationConfig.overNamespaces(backend, name, LEADERS).withDelay(LAG))) {
            if (partitioned) {
                store.links().isolateAll();
            }
            MultiLeaderWorkload.Result r = MultiLeaderWorkload.run(LEADERS, LEADERS, leaderOf, seed, writes, KEYS,
                    INTERVAL, cap, store::put);
            store.links().heal();
            MultiLeaderWorkload.awaitDrained(store, DRAIN_BOUND);
            Latencies visible = visibilitySamples == 0 ? null
                    : MultiLeaderWorkload.visibility(store, visibilitySamples, DRAIN_BOUND);
            Set<String> conflicts = MultiLeaderWorkload.conflicting(r.writes());
            Set<String> dropped = new java.util.TreeSet<>();
            store.droppedWrites().forEach(d -> dropped.add(MultiLeaderWorkload.id(d.key(), d.write())));
            return new LwwPhase(r, conflicts.size(), dropped.size(), dropped, conflicts, visible);
        }
    }

    static VvPhase vv(Backend backend, String name, long seed, int writes, boolean partitioned, Duration cap)
            throws InterruptedException {
        try (VersionVectorStore store = new VersionVectorStore(
                ReplicationConfig.overNamespaces(backend, name, LEADERS).withDelay(LAG))) {
            if (partitioned) {
                store.links().isolateAll();
            }
            MultiLeaderWorkload.Result r = MultiLeaderWorkload.run(LEADERS, LEADERS, c -> c, seed, writes, KEYS,
                    INTERVAL, cap, store::put);
            store.links().heal();
            MultiLeaderWorkload.awaitDrained(store, DRAIN_BOUND);
            long siblings = 0;
            long keys = 0;
            boolean converged = true;
            for (String key : r.writes().keySet()) {
                Siblings s = store.get(0, key);
                for (int l = 1; l < LEADERS; l++) {
                    converged &= store.get(l, key).equals(s);
                }
                if (s.writes().size() > 1) {
                    keys++;
                    siblings += s.writes().size();
                }
            }
            return new VvPhase(r, MultiLeaderWorkload.conflicting(r.writes()).size(), siblings, keys, converged);
        }
    }
}
