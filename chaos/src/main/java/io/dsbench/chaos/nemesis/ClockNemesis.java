package io.dsbench.chaos.nemesis;

import java.util.List;

/**
 * {@code clock}: skews the suite's own clock (the {@link io.dsbench.chaos.net.SkewClock} given to the clients'
 * backend as its ticker and used by the lock clients to judge whether their lease is still valid): it is set back by
 * {@code offsetMs} (a holder believes less time passed than did), then strobed between that offset and none. The
 * servers' clocks are untouched: libfaketime has no effect on etcd (Go bypasses libc) and hangs redis-server.
 * Verified: the skew read from the clock during the fault equals the one set.
 */
public final class ClockNemesis implements Nemesis {
    private final long offsetMs;

    public ClockNemesis(long offsetMs) {
        this.offsetMs = offsetMs;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public Fault start(NemesisContext ctx) {
        Fault f = new Fault("clock", List.of("suite-clients"), "the suite's own clients' clock, " + -offsetMs
                + " ms, then strobed", "injectable clock (libfaketime unusable on etcd and redis)", ctx.nowMs());
        ctx.record("bump-clock", NemesisContext.value("delta-ms", -offsetMs));
        ctx.clock().offset(-offsetMs);
        long skew = ctx.clock().skewMillis();
        f.evidence(Math.abs(skew + offsetMs) <= 5, "clock read " + skew + " ms against the system clock after the bump");
        return f;
    }

    /** Halfway through the fault: from an offset to a strobe. */
    public void strobe(NemesisContext ctx) {
        ctx.clock().reset();
        ctx.clock().strobe(-offsetMs, 200);
        ctx.record("strobe-clock", NemesisContext.value("delta-ms", -offsetMs, "period-ms", 200));
    }

    @Override
    public void stop(NemesisContext ctx, Fault f) {
        ctx.clock().reset();
        long skew = ctx.clock().skewMillis();
        f.evidence(Math.abs(skew) <= 5, "clock reset, reads " + skew + " ms against the system clock");
        ctx.record("reset-clock", NemesisContext.value("delta-ms", 0));
        f.ended(ctx.nowMs());
    }
}
