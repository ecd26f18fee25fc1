package io.dsbench.tradeoffs.experiments;

import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Latencies;
import io.dsbench.tradeoffs.Row;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;
import static io.dsbench.tradeoffs.Row.ASYNC_REPLICATION;
import static io.dsbench.tradeoffs.Row.SYNC_REPLICATION;

/**
 * Synchronous vs asynchronous replication: what a write costs, and what a primary crash loses.
 *
 * <ul>
 *   <li><b>redis</b> ({@link RedisReplicationRounds}): primary + 2 replicas; 2 writers through the primary alone
 *       (asynchronous) and 2 through a client with {@code waitReplicas=2} ({@code WAIT 2} after every write),
 *       side by side, distinct keys, each at most one write per 2 ms. Then SIGKILL of the primary mid-write, the
 *       most advanced replica promoted, every acknowledged key read back from it. Once with direct loopback
 *       replication links, healthy at the kill (a write leaves the primary for its replicas in the same event-loop
 *       pass as its reply, so a process crash rarely strands one), once with links delayed by
 *       {@value #LINK_DELAY_MS} ms per chunk (a replica in another zone: WAIT's cost) and cut shortly before the
 *       kill (replicas cut off, then the primary fails: what asynchronous replication loses).</li>
 *   <li><b>etcd</b> ({@link EtcdReplicationRun}): Raft is synchronous; write latency on 3 members vs 1 member,
 *       and acknowledged writes lost when the leader is SIGKILLed mid-write. No asynchronous mode exists.</li>
 *   <li><b>inmemory</b>: no replicas; nothing to measure.</li>
 * </ul>
 */
public final class ReplicationExperiment implements Experiment {
    static final long LINK_DELAY_MS = 5;

    @Override
    public String id() {
        return "replication";
    }

    @Override
    public String method() {
        return "redis: a fresh primary + 2 replicas per kill; 2 writers write through the primary alone (asynchronous)"
                + " and 2 through a second client with waitReplicas=2 (WAIT 2 after each write), side by side, distinct"
                + " keys, at most one write per 2 ms each; after the steady phase the primary is SIGKILLed while they"
                + " write, the replica with the highest replication offset is promoted (REPLICAOF NO ONE) and every"
                + " acknowledged key is read back from it: lost = acknowledged but absent. Rounds with direct loopback"
                + " replication links (healthy at the kill) and with links through a proxy delaying each chunk "
                + LINK_DELAY_MS + " ms, cut " + RedisReplicationRounds.CUT_BEFORE_KILL.toMillis() + " ms before the kill"
                + " (a partition between primary and replicas, then the primary fails)."
                + " etcd: Raft acknowledges after a majority; 2 writers on 1 member, then on 3 members (write latency"
                + " after a warm-up), then the leader SIGKILLed mid-write (restarted before the next kill) and every"
                + " acknowledged key read back linearizably. Latency = put call time (HdrHistogram).";
    }

    @Override
    public List<Row> rows() {
        return List.of(SYNC_REPLICATION, ASYNC_REPLICATION);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        return switch (backend) {
            case "redis" -> Duration.ofSeconds(quick ? 8 : 35);
            case "etcd" -> Duration.ofSeconds(quick ? 12 : 25);
            default -> Duration.ofMillis(10);
        };
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        switch (ctx.backend()) {
            case "redis" -> {
                if (!unmanaged(ctx)) {
                    redis(ctx);
                }
            }
            case "etcd" -> {
                if (!unmanaged(ctx)) {
                    etcd(ctx);
                }
            }
            default -> {
                String why = "inmemory".equals(ctx.backend())
                        ? "in-memory is one store in one process: no replicas to copy writes to"
                        : "no replicated topology of backend '" + ctx.backend() + "' is known to this experiment";
                unmeasuredAll(ctx, why, why);
            }
        }
    }

    private static boolean unmanaged(ExperimentContext ctx) {
        if (ctx.managed()) {
            return false;
        }
        String why = "external endpoints: dsbench cannot start a replicated topology or kill its primary (run with a"
                + " managed " + ctx.backend() + ")";
        unmeasuredAll(ctx, why, why);
        return true;
    }

    private static void unmeasuredAll(ExperimentContext ctx, String syncWhy, String asyncWhy) {
        ctx.add(Figure.unmeasured(SYNC_REPLICATION, ADVANTAGE, "synchronous", "acknowledged writes lost on primary kill",
                syncWhy));
        ctx.add(Figure.unmeasured(SYNC_REPLICATION, DISADVANTAGE, "synchronous", "write latency p50", syncWhy));
        ctx.add(Figure.unmeasured(ASYNC_REPLICATION, ADVANTAGE, "asynchronous", "write latency p50", asyncWhy));
        ctx.add(Figure.unmeasured(ASYNC_REPLICATION, DISADVANTAGE, "asynchronous",
                "acknowledged writes lost on primary kill", asyncWhy));
    }

    private static void redis(ExperimentContext ctx) throws Exception {
        int rounds = ctx.quick() ? 1 : 3;
        Duration steady = Duration.ofMillis(ctx.quick() ? 1500 : 4000);
        RedisReplicationRounds runner = new RedisReplicationRounds(ctx);
        for (long delay : new long[] {LINK_DELAY_MS, 0}) { // the partition first: the report shows a cell's first figures
            RedisReplicationRounds.Outcome o = runner.run(delay, rounds, steady);
            String links = delay == 0 ? "loopback links, healthy at the kill" : "links +" + delay + " ms, cut "
                    + RedisReplicationRounds.CUT_BEFORE_KILL.toMillis() + " ms before the kill";
            String sync = "WAIT 2 (all replicas), " + links;
            String async = "no WAIT, " + links;
            RedisReplicationRounds.Tally s = o.sync();
            RedisReplicationRounds.Tally a = o.async();
            String kills = o.kills() + " primary SIGKILL(s), writers on distinct keys; " + s.failedCalls.get()
                    + " WAIT writes and " + a.failedCalls.get() + " plain writes failed (not acknowledged)";
            ctx.add(Figure.of(SYNC_REPLICATION, ADVANTAGE, sync, "acknowledged writes lost on primary kill",
                    s.lost.get(), "writes", s.acked.get(), "acknowledged writes", kills + "; vs " + a.lost.get()
                            + " of " + a.acked.get() + " without WAIT, same run"));
            latencyFigures(ctx, SYNC_REPLICATION, DISADVANTAGE, sync, s.latency, a.latency, "without WAIT");
            latencyFigures(ctx, ASYNC_REPLICATION, ADVANTAGE, async, a.latency, s.latency, "with WAIT 2");
            ctx.add(Figure.of(ASYNC_REPLICATION, DISADVANTAGE, async, "acknowledged writes lost on primary kill",
                    a.lost.get(), "writes", a.acked.get(), "acknowledged writes", kills + "; vs " + s.lost.get()
                            + " of " + s.acked.get() + " with WAIT 2, same run"));
            ctx.add(Figure.of(ASYNC_REPLICATION, DISADVANTAGE, async, "acknowledged writes lost on primary kill (%)",
                    pct(a.lost.get(), a.acked.get()), "%", a.acked.get(), "acknowledged writes", kills));
        }
    }

    private static void etcd(ExperimentContext ctx) throws Exception {
        EtcdReplicationRun.Outcome o = new EtcdReplicationRun(ctx).run(Duration.ofMillis(ctx.quick() ? 1500 : 6000),
                ctx.quick() ? 1 : 3);
        String variant = "Raft, 3 members";
        ctx.add(Figure.of(SYNC_REPLICATION, ADVANTAGE, variant, "acknowledged writes lost on leader kill", o.lost(),
                "writes", o.acked(), "acknowledged writes", o.kills() + " leader SIGKILL(s) mid-write, read back"
                        + " linearizably; " + o.failedCalls() + " writes failed during the elections (not acknowledged)"));
        latencyFigures(ctx, SYNC_REPLICATION, DISADVANTAGE, variant, o.three(), o.one(), "on 1 member (nothing to"
                + " replicate)");
        String why = "etcd has no asynchronous replication: Raft acknowledges a write only once a majority of members"
                + " has it in its log";
        ctx.add(Figure.unmeasured(ASYNC_REPLICATION, ADVANTAGE, "asynchronous", "write latency p50", why));
        ctx.add(Figure.unmeasured(ASYNC_REPLICATION, DISADVANTAGE, "asynchronous",
                "acknowledged writes lost on primary kill", why));
    }

    /** p50, p99 of {@code lat} with the baseline's in the note, and the p50 ratio. */
    private static void latencyFigures(ExperimentContext ctx, Row row, Row.Side side, String variant, Latencies lat,
                                       Latencies base, String baseName) {
        for (double p : new double[] {50, 99}) {
            String pn = "p" + (int) p;
            ctx.add(Figure.of(row, side, variant, "write latency " + pn, lat.percentileMs(p), "ms", lat.count(),
                    "writes", "vs " + fmt(base.percentileMs(p)) + " ms " + baseName + ", same run"));
        }
        if (base.percentileMs(50) > 0) {
            ctx.add(Figure.of(row, side, variant, "write latency p50 ratio", lat.percentileMs(50) / base.percentileMs(50),
                    "x", lat.count(), "writes", "p50 " + fmt(lat.percentileMs(50)) + " ms / " + fmt(base.percentileMs(50))
                            + " ms " + baseName + " (" + base.count() + " writes), same run"));
        }
    }

    static double pct(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.2f", v);
    }
}
