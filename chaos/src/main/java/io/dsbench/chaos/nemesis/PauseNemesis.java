package io.dsbench.chaos.nemesis;

import java.time.Duration;
import java.util.List;

/**
 * {@code pause}: SIGSTOP to the targets, SIGCONT on stop ({@link io.dsbench.spi.Faults#pause} / {@code resume}).
 * Verified: the process is in state {@code T} and stopped answering its own health check / PING; after the resume it
 * answers again. On the {@code lock} workloads it pauses one of the suite's own clients instead, the one holding the
 * lock, for twice the lease (a long GC pause: Kleppmann's scenario); verified when that client took the pause.
 */
public final class PauseNemesis implements Nemesis {
    @Override
    public String name() {
        return "pause";
    }

    @Override
    public Fault start(NemesisContext ctx) {
        if (ctx.workload().startsWith("lock")) {
            long ms = ctx.lockLeaseMillis() * 2;
            Fault f = new Fault("pause", List.of("lock-holder"), "the client holding the lock, for " + ms + " ms",
                    "client pause (the suite's own client thread frozen while it holds the lock)", ctx.nowMs());
            ctx.record("pause-client", NemesisContext.value("millis", ms));
            ctx.clientPause().arm(ms);
            return f;
        }
        List<String> targets = ctx.pickTargets();
        String desc = ctx.describe(targets);
        Fault f = new Fault("pause", targets, desc, "SIGSTOP / SIGCONT by PID", ctx.nowMs());
        ctx.record("pause", NemesisContext.value("targets", targets));
        for (String m : targets) {
            ctx.cluster().faults().pause(m);
        }
        for (String m : targets) {
            long pid = ctx.cluster().pid(m);
            boolean silent = !ctx.cluster().answers(m, Duration.ofMillis(500));
            if (pid > 0) {
                char st = Await.procState(pid);
                f.evidence(silent && st == 'T', m + ": pid " + pid + " state " + st + ", "
                        + (silent ? "did not answer within 500 ms" : "STILL ANSWERED"));
            } else {
                f.evidence(silent, m + ": simulated in-process, " + (silent ? "paused" : "still running"));
            }
        }
        return f;
    }

    @Override
    public void stop(NemesisContext ctx, Fault f) {
        if (f.targets().equals(List.of("lock-holder"))) {
            ctx.clientPause().disarm();
            String who = ctx.clientPause().takenBy();
            if (who != null) {
                Await.until(Duration.ofSeconds(30), () -> ctx.clientPause().endedAtNanos() != 0);
            }
            f.evidence(who != null, who == null ? "no client held the lock while the pause was armed"
                    : "client " + who + " was frozen while holding the lock for "
                    + (ctx.clientPause().endedAtNanos() - ctx.clientPause().takenAtNanos()) / 1_000_000 + " ms");
            ctx.record("resume-client", NemesisContext.value("client", who));
            f.ended(ctx.nowMs());
            return;
        }
        for (String m : f.targets()) {
            ctx.cluster().faults().resume(m);
        }
        for (String m : f.targets()) {
            boolean back = Await.until(Duration.ofSeconds(10), () -> ctx.cluster().answers(m, Duration.ofSeconds(1)));
            f.evidence(back, m + (back ? ": answered again after SIGCONT" : ": did NOT answer within 10 s of SIGCONT"));
        }
        ctx.record("resume", NemesisContext.value("targets", f.targets()));
        f.ended(ctx.nowMs());
    }
}
