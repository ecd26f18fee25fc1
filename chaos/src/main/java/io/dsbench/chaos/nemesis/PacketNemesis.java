package io.dsbench.chaos.nemesis;

import io.dsbench.chaos.net.FaultProxy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code packet}: latency, jitter and loss on every client link, in the fault proxies ({@code tc netem} is not
 * available). Loss is what TCP makes of it: the chunk arrives after a retransmission time-out
 * ({@link FaultProxy#RETRANSMIT_MS}). Verified: chunks were held during the fault, with a mean hold of at least the
 * configured latency.
 */
public final class PacketNemesis implements Nemesis {
    private final long latencyMs;
    private final long jitterMs;
    private final double loss;
    private long chunksAt;
    private long nanosAt;
    private long lostAt;

    public PacketNemesis(long latencyMs, long jitterMs, double loss) {
        this.latencyMs = latencyMs;
        this.jitterMs = jitterMs;
        this.loss = loss;
    }

    @Override
    public String name() {
        return "packet";
    }

    @Override
    public Fault start(NemesisContext ctx) {
        List<FaultProxy> ps = ctx.cluster().proxies();
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("packet needs fault proxies on the client links; backend "
                    + ctx.cluster().kind() + " has none (redis-sentinel hands clients the servers' real addresses; "
                    + "inmemory has no network)");
        }
        List<String> names = new ArrayList<>();
        ps.forEach(p -> names.add(p.name()));
        Fault f = new Fault("packet", names, "every client link: latency " + latencyMs + " ms, jitter " + jitterMs
                + " ms, loss " + loss, "fault proxy (userspace; tc netem unavailable)", ctx.nowMs());
        ctx.record("start-packet", NemesisContext.value("latency-ms", latencyMs, "jitter-ms", jitterMs, "loss", loss));
        chunksAt = sum(ps, 0);
        nanosAt = sum(ps, 1);
        lostAt = sum(ps, 2);
        for (FaultProxy p : ps) {
            p.packet(latencyMs, jitterMs, loss);
        }
        return f;
    }

    private static long sum(List<FaultProxy> ps, int what) {
        long s = 0;
        for (FaultProxy p : ps) {
            s += what == 0 ? p.delayedChunks() : what == 1 ? p.delayNanos() : p.lostChunks();
        }
        return s;
    }

    @Override
    public void stop(NemesisContext ctx, Fault f) {
        List<FaultProxy> ps = ctx.cluster().proxies();
        for (FaultProxy p : ps) {
            p.packet(0, 0, 0);
        }
        long chunks = sum(ps, 0) - chunksAt;
        long meanMs = chunks == 0 ? 0 : (sum(ps, 1) - nanosAt) / chunks / 1_000_000;
        long lost = sum(ps, 2) - lostAt;
        f.evidence(chunks > 0 && meanMs >= latencyMs, chunks + " chunks held, mean " + meanMs + " ms; " + lost
                + " held as lost (+" + FaultProxy.RETRANSMIT_MS + " ms)");
        ctx.record("stop-packet", NemesisContext.value("chunks-delayed", chunks, "mean-delay-ms", meanMs));
        f.ended(ctx.nowMs());
    }
}
