package io.dsbench.chaos.run;

import io.dsbench.chaos.nemesis.ClientPause;
import io.dsbench.chaos.nemesis.ClockNemesis;
import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.chaos.nemesis.KillNemesis;
import io.dsbench.chaos.nemesis.Nemesis;
import io.dsbench.chaos.nemesis.NemesisContext;
import io.dsbench.chaos.nemesis.PacketNemesis;
import io.dsbench.chaos.nemesis.PartitionNemesis;
import io.dsbench.chaos.nemesis.PauseNemesis;
import io.dsbench.chaos.net.ChaosCluster;
import io.dsbench.chaos.net.SkewClock;
import io.dsbench.chaos.workload.LockWorkload;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.chaos.workload.RegisterWorkload;
import io.dsbench.chaos.workload.RegistryWorkload;
import io.dsbench.chaos.workload.SagaWorkload;
import io.dsbench.chaos.workload.TpcWorkload;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.chaos.workload.SetWorkload;
import io.dsbench.chaos.workload.Workload;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spi.Backend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Runs chaos experiments: for each workload, a fresh deployment, the clients for {@code --time}, the nemeses in a
 * fault window in the middle (a quarter of the time before it, at least a fifth after the last heal), the final reads,
 * the check, and the files in {@code results/<run-id>/checks/<workload>-<backend>-<nemeses>/}. Prints progress per
 * phase. Everything it started is stopped at the end, on failure, and from a shutdown hook on Ctrl-C.
 */
public final class ChaosRunner {
    private final ChaosOptions o;
    private final PrintStream out;
    private volatile ChaosCluster current;
    private final List<String> deployments = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ChaosRunner(ChaosOptions options, PrintStream out) {
        this.o = options;
        this.out = out;
    }

    /**
     * The deployments started so far, one {@link io.dsbench.spi.Backend#describe()} line each (server version and
     * topology, e.g. {@code etcd 3.4.23, 3 members ...}), for the run's {@code run.json}.
     */
    public List<String> deployments() {
        return List.copyOf(deployments);
    }

    /** Runs every workload; returns the results in order. */
    public List<ChaosResult> run() throws InterruptedException {
        Thread hook = new Thread(() -> {
            ChaosCluster c = current;
            if (c != null) {
                c.close();
            }
        }, "dsbench-chaos-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        List<ChaosResult> results = new ArrayList<>();
        try {
            for (String w : o.workloads()) {
                results.add(runOne(w));
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook runs
            }
        }
        return results;
    }

    private ChaosResult runOne(String workloadName) throws InterruptedException {
        String check = o.checkName(workloadName);
        Path dir = o.results().resolve("checks").resolve(check);
        SkewClock clock = new SkewClock();
        ClientPause clientPause = new ClientPause();
        out.printf(Locale.ROOT, "== %s: seed %d, %d clients at %.0f ops/s for %d s, nemesis %s (target %s)%n", check,
                o.seed(), o.clients(), o.rate(), o.time().toSeconds(),
                o.nemeses().isEmpty() ? "none" : String.join(",", o.nemeses()), o.target());
        long opened = System.nanoTime();
        ChaosCluster cluster = ChaosCluster.open(o.backend(), "dsbench-chaos/" + UUID.randomUUID().toString()
                .substring(0, 8), clock, o.seed(), Duration.ofSeconds(2), o.useNetns(), o.members(), o.reads());
        current = cluster;
        try {
            out.printf(Locale.ROOT, "   started %s in %d ms%n", cluster.describe(), (System.nanoTime() - opened) / 1_000_000);
            deployments.add(cluster.admin().describe());
            Backend b = cluster.client();
            Duration lease = Duration.ofMillis(Math.max(1000, b.timing().minTtl().toMillis()));
            Workload w = switch (workloadName) {
                case "register" -> new RegisterWorkload(b.keyValue("chaos-register"));
                case "set" -> new SetWorkload(b.keyValue("chaos-set"));
                case "lock", "lock-fenced" -> new LockWorkload(b.locks(new LockConfig("chaos-lock", lease)),
                        b.keyValue("chaos-lock"), workloadName.equals("lock-fenced"), lease, clock, clientPause);
                case "idempotency" -> new io.dsbench.chaos.workload.IdempotencyWorkload(
                        b.idempotency(io.dsbench.chaos.workload.IdempotencyWorkload.config()), b.keyValue("chaos-idem"));
                case "registry" -> new RegistryWorkload(b.registry(RegistryConfig.of("chaos-registry")), b.timing());
                case "saga" -> new SagaWorkload(b.log("chaos-saga"), b.idempotency(SagaWorkload.idempotencyConfig()),
                        b.keyValue("chaos-saga"));
                case "2pc" -> new TpcWorkload(b);
                default -> throw new IllegalArgumentException("workload " + workloadName);
            };
            Expectation expected = Expectation.declare(o.backend(), w.name(), cluster.capabilities(), o.nemeses(),
                    cluster.partitionMode());
            double minRate = o.minRate() >= 0 ? o.minRate() : w.defaultMinRate(o.rate());
            out.println("   expected: " + expected.text());

            HistoryRecorder rec = new HistoryRecorder();
            long t0 = System.nanoTime();
            NemesisContext ctx = new NemesisContext(cluster, rec, clock, clientPause, new Random(o.seed()),
                    lease::toMillis, w.name(), o.target(), t0);
            ClientPool pool = new ClientPool(w, rec, o.clients(), o.rate(), o.seed(), o.maxOps());
            pool.start();
            List<Fault> faults = new ArrayList<>();
            long total = o.time().toMillis();
            long before = total / 4;
            out.printf(Locale.ROOT, "   phase before: %d ms of load without faults%n", before);
            sleepUntil(t0, before);
            long lastHeal = before;
            if (!o.nemeses().isEmpty()) {
                long slot = (total / 2) / o.nemeses().size();
                long hold = slot * 3 / 5;
                out.printf(Locale.ROOT, "   phase during: %d fault(s), each held %d ms%n", o.nemeses().size(), hold);
                long slotStart = before;
                for (String n : o.nemeses()) {
                    faults.add(inject(nemesis(n), ctx, t0, slotStart, hold));
                    slotStart = Math.max(slotStart + slot, ctx.nowMs());
                    lastHeal = ctx.nowMs();
                    sleepUntil(t0, slotStart);
                }
            }
            long end = Math.max(total, lastHeal + total / 5);
            out.printf(Locale.ROOT, "   phase after: load until %d ms%n", end);
            sleepUntil(t0, end);
            pool.stop();
            pool.join(30_000);
            if (!pool.allDone()) {
                out.println("   warning: a client was still inside a call 30 s after the end; its op stays open");
            }
            out.printf(Locale.ROOT, "   %d steps done; final reads ...%n", pool.steps());
            w.finish(rec);
            History h = rec.history();
            Outcome outcome = w.check(h);
            List<PhaseStats> phases = PhaseStats.of(h, w.name().equals("set"));
            ChaosResult r = ChaosResult.decide(o, w.name(), dir, expected, minRate, outcome, phases, faults,
                    pool.error());
            ResultFiles.write(dir, r, h, cluster.logs());
            print(r);
            return r;
        } finally {
            current = null;
            cluster.close();
        }
    }

    private Fault inject(Nemesis n, NemesisContext ctx, long t0, long at, long hold) throws InterruptedException {
        Fault f;
        try {
            f = n.start(ctx);
        } catch (RuntimeException e) {
            Fault failed = new Fault(n.name(), List.of(), "(not injected)", "-", ctx.nowMs());
            failed.evidence(false, "injection failed: " + e);
            out.println("   fault " + failed);
            return failed;
        }
        out.printf(Locale.ROOT, "   %7.1f s  %s %s%n", ctx.nowMs() / 1000.0, f.nemesis(), f.target());
        if (n instanceof ClockNemesis c) {
            sleepUntil(t0, at + hold / 2);
            c.strobe(ctx);
        }
        sleepUntil(t0, at + hold);
        try {
            n.stop(ctx, f);
        } catch (RuntimeException e) {
            f.evidence(false, "heal failed: " + e);
            f.ended(ctx.nowMs());
        }
        out.printf(Locale.ROOT, "   %7.1f s  healed %s: %s%n", ctx.nowMs() / 1000.0, f.nemesis(),
                (f.verified() ? "verified: " : "NOT VERIFIED: ") + f.evidence());
        return f;
    }

    private Nemesis nemesis(String n) {
        return switch (n) {
            case "kill" -> new KillNemesis();
            case "pause" -> new PauseNemesis();
            case "partition" -> new PartitionNemesis();
            case "packet" -> new PacketNemesis(o.latencyMs(), o.jitterMs(), o.loss());
            case "clock" -> new ClockNemesis(o.clockMs());
            default -> throw new IllegalArgumentException("nemesis " + n);
        };
    }

    /** The schedule itself: waits until {@code ms} after the run's start (not a synchronisation). */
    private static void sleepUntil(long t0, long ms) throws InterruptedException {
        long wait = t0 + ms * 1_000_000L - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private void print(ChaosResult r) {
        for (PhaseStats p : r.phases()) {
            out.println("   " + p.line());
        }
        out.println("   check: " + r.outcome().summary());
        out.printf(Locale.ROOT, "   verdict: %s (%s) -> %s%n", r.verdict(), r.message(),
                r.matchesExpectation() ? "matches the expectation" : "DOES NOT match the expectation");
        out.println("   files: " + r.dir());
    }
}
