package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.Faults;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.dsbench.tradeoffs.Row.SINGLE_LEADER;
import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;

/**
 * Single-leader replication: one leader orders every write (no conflicts), and it is a single point of failure
 * (writes stop until a failover).
 *
 * <p>Deployments: redis {@code topology=sentinel} (primary + 2 replicas + 3 Sentinels, automatic failover), etcd
 * {@code members=3} (Raft elects a new leader). An open-loop probe ({@link OpenLoopProbe}) starts a put of a
 * distinct key every {@value #PROBE_PERIOD_MS} ms, whether or not earlier ones returned; two order writers race read + compare-and-set on {@value #SHARED_KEYS} shared
 * keys ({@link WriteOrder}). After a steady second the leader/primary is SIGKILLed; the unavailability window runs
 * from the kill to the end of the first acknowledged probe write started after it, and every probe write that
 * failed while in flight in that window is counted (including calls stuck on the killed server until their
 * timeout). The killed member is started again (it rejoins as a follower/replica) before the
 * next kill. At the end the order writers' acknowledged writes are checked: forks and duplicate versions are
 * conflicts. In-memory has one store and no failover: the order check runs, the window is unmeasured.
 */
public final class FailoverExperiment implements Experiment {
    static final int PROBE_PERIOD_MS = 10;
    static final int SHARED_KEYS = 4;
    /**
     * Enough for every write started in an operation timeout (5 s at one per 10 ms would be 500): on etcd a write
     * sent while there is no leader hangs until its deadline, and with only 16 slots every start after the first
     * 160 ms of the election was skipped, so the window measured the timeout instead of the election (5.0 s
     * instead of about 0.3 s). 100 covers the first second of an outage.
     */
    private static final int PROBE_MAX_IN_FLIGHT = 100;
    private static final int ORDER_WRITERS = 2;

    @Override
    public String id() {
        return "failover";
    }

    @Override
    public String method() {
        return "redis topology=sentinel (primary + 2 replicas + 3 Sentinels) and etcd members=3: an open-loop probe"
                + " starts a put of a distinct key every " + PROBE_PERIOD_MS + " ms (whether or not earlier ones"
                + " returned) and 2 order writers race read +"
                + " compare-and-set on " + SHARED_KEYS + " shared keys, through the backend's own client; after a"
                + " steady second the primary/leader is SIGKILLed (Faults.kill); unavailability window = from the kill"
                + " to the end of the first acknowledged probe write started after it; writes failed = probe writes"
                + " that failed while in flight in it; the killed member is restarted before the next kill. Conflicts = acknowledged"
                + " compare-and-sets accepted on the same base version (forks) or given the same version (duplicates)"
                + " on a key; 0 means each key's acknowledged writes form one order. In-memory: the order check only.";
    }

    @Override
    public List<Row> rows() {
        return List.of(SINGLE_LEADER);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        return switch (backend) {
            case "redis" -> Duration.ofSeconds(quick ? 8 : 50);
            case "etcd" -> Duration.ofSeconds(quick ? 8 : 25);
            default -> Duration.ofSeconds(quick ? 1 : 3);
        };
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        String backend = ctx.backend();
        boolean server = "redis".equals(backend) || "etcd".equals(backend);
        if (!server || !ctx.managed()) {
            String why = server
                    ? "external endpoints: dsbench cannot kill the leader/primary (run with a managed " + backend + ")"
                    : "inmemory".equals(backend)
                    ? "in-memory is one store in one process: there is no replica to fail over to, and a simulated kill"
                    + " stops it until it is started again, so the window would be the experiment's own pause"
                    : "no failover topology of backend '" + backend + "' is known to this experiment";
            Backend b = ctx.open(Map.of());
            order(ctx, b, variant(backend, false), 0, Duration.ofMillis(ctx.quick() ? 1000 : 3000), null);
            ctx.add(Figure.unmeasured(SINGLE_LEADER, DISADVANTAGE, variant(backend, false),
                    "unavailability window after leader kill", why));
            return;
        }
        Backend b = ctx.open("redis".equals(backend) ? Map.of("topology", "sentinel") : Map.of("members", "3"));
        order(ctx, b, variant(backend, true), ctx.quick() ? 1 : 4, Duration.ofMillis(1000), b.faults().orElseThrow());
    }

    private static String variant(String backend, boolean managed) {
        return switch (backend) {
            case "redis" -> managed ? "Redis Sentinel: primary + 2 replicas + 3 Sentinels" : "Redis primary (given)";
            case "etcd" -> managed ? "etcd Raft, 3 members" : "etcd (given)";
            case "inmemory" -> "in-memory (one store)";
            default -> backend;
        };
    }

    private static void order(ExperimentContext ctx, Backend b, String variant, int kills, Duration steady,
                              Faults faults) throws Exception {
        KeyValueStore kv = b.keyValue("failover");
        WriteOrder order = new WriteOrder(SHARED_KEYS);
        OpenLoopProbe probe = new OpenLoopProbe(kv, Duration.ofMillis(PROBE_PERIOD_MS), PROBE_MAX_IN_FLIGHT);
        PacedLoad writers = new PacedLoad("failover-order", ORDER_WRITERS, Duration.ofMillis(2),
                (t, i) -> order.step(kv, t, i));
        List<Long> killedAt = new ArrayList<>();
        try {
            Thread.sleep(steady.toMillis());
            for (int k = 0; k < kills; k++) {
                String leader = faults.writer().name();
                CountDownLatch recovered = probe.killing();
                faults.kill(leader);
                killedAt.add(probe.killedAt());
                if (!recovered.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no write was acknowledged within 60 s after killing " + leader
                            + ": no failover");
                }
                ctx.progress("kill " + (k + 1) + "/" + kills + " of " + leader + ": writes accepted again after "
                        + ReplicationExperiment.fmt((System.nanoTime() - probe.killedAt()) / 1e6) + " ms or less");
                if (k + 1 < kills) {
                    faults.start(leader, Duration.ofSeconds(60));
                    Thread.sleep(steady.toMillis());
                }
            }
        } finally {
            probe.close();
            writers.stop(Duration.ofSeconds(15));
        }
        List<OpenLoopProbe.Attempt> attempts = probe.attempts();
        List<OpenLoopProbe.Outage> outages = killedAt.stream().map(t -> OpenLoopProbe.outage(attempts, t)).toList();
        WriteOrder.Result r = order.check();
        ctx.add(Figure.of(SINGLE_LEADER, ADVANTAGE, variant, "conflicting writes", r.conflicts(), "writes",
                r.writes(), "acknowledged compare-and-sets", ORDER_WRITERS + " writers racing on " + r.keys()
                        + " shared keys" + (kills > 0 ? " through " + kills + " leader kill(s)" : "") + ": " + r.forks()
                        + " forks, " + r.duplicates() + " duplicate versions; " + r.failedCalls() + " calls failed"));
        if (kills == 0) {
            return;
        }
        List<Double> windows = outages.stream().map(OpenLoopProbe.Outage::windowMs).toList();
        long failedTotal = outages.stream().mapToLong(OpenLoopProbe.Outage::failed).sum();
        double mean = windows.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double max = windows.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        List<String> each = windows.stream().map(ReplicationExperiment::fmt).toList();
        String load = "one put started every " + PROBE_PERIOD_MS + " ms (open loop, " + attempts.size()
                + " in all, " + probe.skipped() + " skipped with " + PROBE_MAX_IN_FLIGHT + " in flight)";
        ctx.add(Figure.of(SINGLE_LEADER, DISADVANTAGE, variant, "unavailability window after leader kill (mean)", mean,
                "ms", kills, "kills", "SIGKILL to the first acknowledged write started after it; per kill " + each
                        + " ms; vs a write every " + PROBE_PERIOD_MS + " ms before the kill"));
        ctx.add(Figure.of(SINGLE_LEADER, DISADVANTAGE, variant, "unavailability window after leader kill (max)", max,
                "ms", kills, "kills", "per kill " + each + " ms"));
        ctx.add(Figure.of(SINGLE_LEADER, DISADVANTAGE, variant, "writes failed in the window", failedTotal, "writes",
                kills, "kills", load + "; failed = in flight between the kill and the recovery; per kill "
                        + outages.stream().map(OpenLoopProbe.Outage::failed).toList()));
    }
}
