package io.dsbench.chaos.nemesis;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kill}: SIGKILL to the targets ({@link io.dsbench.spi.Faults#kill}), restart on stop
 * ({@link io.dsbench.spi.Faults#start}). Verified: each killed PID is gone, and after the restart a new PID runs and
 * the member answers by itself. On the in-memory backend the kill is simulated and verified by the member's state.
 */
public final class KillNemesis implements Nemesis {
    private final Map<String, Long> pids = new HashMap<>();

    @Override
    public String name() {
        return "kill";
    }

    @Override
    public Fault start(NemesisContext ctx) {
        List<String> targets = ctx.pickTargets();
        String desc = ctx.describe(targets);
        Fault f = new Fault("kill", targets, desc, "SIGKILL by PID, restart on the same data dir", ctx.nowMs());
        ctx.record("kill", NemesisContext.value("targets", targets));
        pids.clear();
        for (String m : targets) {
            pids.put(m, ctx.cluster().pid(m));
            ctx.cluster().faults().kill(m);
        }
        for (String m : targets) {
            long pid = pids.get(m);
            if (pid > 0) {
                boolean gone = Await.until(Duration.ofSeconds(5), () -> !Await.alive(pid));
                f.evidence(gone, m + ": pid " + pid + (gone ? " gone" : " still alive 5 s after SIGKILL"));
            } else {
                boolean down = ctx.cluster().faults().require(m).state() == io.dsbench.spi.Faults.State.KILLED;
                f.evidence(down, m + ": simulated in-process, state " + ctx.cluster().faults().require(m).state());
            }
        }
        return f;
    }

    @Override
    public void stop(NemesisContext ctx, Fault f) {
        for (String m : f.targets()) {
            long t = System.nanoTime();
            try {
                ctx.cluster().faults().start(m, Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                f.evidence(false, m + ": restart failed: " + e.getMessage());
                continue;
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            long oldPid = pids.getOrDefault(m, -1L);
            long newPid = ctx.cluster().pid(m);
            boolean answers = Await.until(Duration.ofSeconds(10), () -> ctx.cluster().answers(m, Duration.ofSeconds(1)));
            if (oldPid > 0) {
                f.evidence(newPid > 0 && newPid != oldPid && answers, m + ": new pid " + newPid
                        + (answers ? " answered" : " did NOT answer") + ", restart took " + ms + " ms");
            } else {
                f.evidence(answers, m + ": simulated restart, " + (answers ? "running again" : "not running"));
            }
        }
        ctx.record("start", NemesisContext.value("targets", f.targets()));
        f.ended(ctx.nowMs());
    }
}
