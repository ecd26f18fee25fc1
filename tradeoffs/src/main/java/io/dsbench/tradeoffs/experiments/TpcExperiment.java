package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Latencies;
import io.dsbench.tradeoffs.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Row {@code two-phase-commit}: dsbench's {@code TwoPhaseCommitCoordinator} over three {@code KeyValueParticipant}s
 * (each its own namespace and log on the backend), against an orchestrated saga of the same three writes on the same
 * stores, interleaved in one run.
 * <ol>
 *   <li>N transactions, a quarter of them refused by one participant's vote, each followed by the saga of the same
 *       writes (refused by the same participant's step): latency of each that committed / completed.</li>
 *   <li>K transactions whose coordinator is killed (its crash hook) between the prepare phase and the commit, half
 *       before and half after logging its decision; a new coordinator recovers at once. Blocked = from a
 *       participant's yes vote until it learned the decision (its own clock, {@code blockedFor}).</li>
 *   <li>P more kills in which, before the recovery, a transaction of another coordinator writes the same key.</li>
 *   <li>Atomicity: afterwards every participant's store is read for every transaction: a partial commit is one
 *       whose write some but not all participants hold (committed: all must; aborted: none may).</li>
 * </ol>
 */
public final class TpcExperiment implements Experiment {
    private static final Row ROW = Row.TWO_PHASE_COMMIT;
    private static final String TPC = "2PC";
    private static final String SAGA = "saga of the same steps (idempotent steps)";
    private static final String PLAIN = "saga of the same steps (plain writes)";
    private static final int PARTICIPANTS = 3;
    private static final int WARMUP = 3;

    @Override
    public String id() {
        return "2pc";
    }

    @Override
    public String method() {
        return "3 participants (dsbench KeyValueParticipant: its own namespace and log on the backend, locks held from a"
                + " yes vote to the decision). N transactions writing one key on each, a quarter refused by one"
                + " participant's no vote, each followed by an orchestrated saga of the same 3 writes on the same stores"
                + " (idempotent steps, saga log on the backend; the same participant refuses): latency of both. K more"
                + " transactions whose coordinator is killed between prepare and commit (crash hook; half before, half"
                + " after logging the decision), recovered by a new coordinator at once: blocked = a participant's yes"
                + " vote until it learned the decision. P more kills probed by a conflicting transaction before"
                + " recovery. Partial commits = transactions whose write some but not all participants' stores hold,"
                + " read after everything ended.";
    }

    @Override
    public List<Row> rows() {
        return List.of(ROW);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        return Duration.ofSeconds(switch (backend) {
            case "inmemory" -> quick ? 2 : 5;
            case "etcd" -> quick ? 7 : 40;
            default -> quick ? 3 : 15;
        });
    }

    /** Sizes of one run. */
    record Profile(int transactions, int minimum, int kills, int probes, Duration phase) {
        static Profile of(String backend, boolean quick) {
            return switch (backend) {
                case "inmemory" -> quick ? new Profile(100, 20, 6, 2, Duration.ofSeconds(2))
                        : new Profile(1000, 20, 30, 5, Duration.ofSeconds(20));
                case "etcd" -> quick ? new Profile(30, 10, 4, 2, Duration.ofSeconds(8))
                        : new Profile(300, 10, 20, 5, Duration.ofSeconds(60));
                default -> quick ? new Profile(60, 15, 6, 2, Duration.ofSeconds(4))
                        : new Profile(600, 15, 30, 5, Duration.ofSeconds(45));
            };
        }
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Profile profile = Profile.of(ctx.backend(), ctx.quick());
        Backend backend = ctx.open(Map.of());
        Random random = ctx.random();
        TpcParticipants ps = new TpcParticipants(backend, "tradeoffs-2pc-" + Long.toString(System.currentTimeMillis(),
                36), PARTICIPANTS);
        Map<String, Boolean> outcomes = new LinkedHashMap<>();
        Latencies tpc = new Latencies();
        Latencies saga = new Latencies();
        Latencies plain = new Latencies();
        Latencies inDoubt = new Latencies();
        int refused = 0;
        ctx.progress("up to " + profile.transactions() + " transactions, each followed by the saga of the same steps");
        try (TwoPhaseCommitCoordinator coord = ps.coordinator("coordinator-log", CrashHook.NONE)) {
            SagaOrchestrator orch = ps.sagaOfTheSameSteps("saga-log", true);
            SagaOrchestrator bare = ps.sagaOfTheSameSteps("plain-saga-log", false);
            long deadline = System.nanoTime() + profile.phase().toNanos();
            for (int i = -WARMUP; i < profile.transactions(); i++) {
                SagaStyles.checkInterrupted();
                if (i >= profile.minimum() && System.nanoTime() > deadline) {
                    break;
                }
                int refusing = i >= 0 && random.nextInt(4) == 0 ? random.nextInt(PARTICIPANTS) : -1;
                String tx = "t" + i;
                long t0 = System.nanoTime();
                TpcResult r = coord.execute(tx, ps.writes(tx, refusing));
                long tpcNanos = System.nanoTime() - t0;
                if (r.committed() != (refusing < 0)) {
                    throw new IllegalStateException("transaction " + tx + " ended " + r.outcome() + ": " + r.reason());
                }
                long sagaNanos = saga(orch, ps, "s" + i, refusing);
                long plainNanos = saga(bare, ps, "b" + i, refusing);
                if (i < 0) {
                    continue;
                }
                outcomes.put(tx, r.committed());
                if (r.committed()) {
                    tpc.record(tpcNanos);
                    saga.record(sagaNanos);
                    plain.record(plainNanos);
                    inDoubt.record(ps.blockedNanos(tx));
                } else {
                    refused++;
                }
            }
        }
        Kills kills = kill(ctx, ps, profile, outcomes);
        atomicity(ctx, ps, outcomes, refused, kills);
        blocking(ctx, kills, inDoubt, ps);
        latency(ctx, tpc, saga, plain);
    }

    /** Runs the saga of the same steps writing {@code key}; checks it is all or nothing; returns its duration. */
    private static long saga(SagaOrchestrator orch, TpcParticipants ps, String key, int refusing) {
        Map<String, String> input = refusing < 0 ? Map.of("key", key)
                : Map.of("key", key, TpcParticipants.REFUSE, "p" + refusing);
        long t0 = System.nanoTime();
        SagaResult s = orch.run("same-steps", key, input);
        long nanos = System.nanoTime() - t0;
        if (s.completed() != (refusing < 0) || ps.holding(key) != (s.completed() ? PARTICIPANTS : 0)) {
            throw new IllegalStateException("saga " + key + " ended " + s.outcome() + " with its write on "
                    + ps.holding(key) + " stores");
        }
        return nanos;
    }

    /** What the kills showed. */
    private record Kills(Latencies blocked, int count, int heldInDoubt, int probes, int probesRefused,
            Latencies outage, Latencies blockedThroughOutage) {
    }

    private static Kills kill(ExperimentContext ctx, TpcParticipants ps, Profile profile, Map<String, Boolean> outcomes)
            throws Exception {
        ctx.progress(profile.kills() + " + " + profile.probes() + " coordinator kills between prepare and commit");
        Latencies blocked = new Latencies();
        Latencies outage = new Latencies();
        Latencies throughOutage = new Latencies();
        int held = 0;
        int probesRefused = 0;
        for (int j = 0; j < profile.kills() + profile.probes(); j++) {
            SagaStyles.checkInterrupted();
            String tx = "x" + j;
            boolean afterDecision = j % 2 == 1;
            String point = "2pc " + tx + (afterDecision ? " after DECISION" : " before DECISION");
            try (TwoPhaseCommitCoordinator doomed = ps.coordinator("kill-log", p -> {
                if (p.equals(point)) {
                    throw new SimulatedCrash(p);
                }
            })) {
                doomed.execute(tx, ps.writes(tx, -1));
                throw new IllegalStateException("the coordinator of " + tx + " passed '" + point + "' alive");
            } catch (SimulatedCrash expected) {
                // the coordinator died where planned
            }
            long died = System.nanoTime();
            held += ps.inDoubt(tx);
            boolean probe = j >= profile.kills();
            if (probe) {
                try (TwoPhaseCommitCoordinator other = ps.coordinator("probe-log", CrashHook.NONE)) {
                    if (!other.execute("y" + j, ps.writes(tx, -1)).committed()) {
                        probesRefused++;
                    }
                }
            }
            long down = System.nanoTime() - died;
            try (TwoPhaseCommitCoordinator recovering = ps.coordinator("kill-log", CrashHook.NONE)) {
                for (TpcResult r : recovering.recover()) {
                    outcomes.put(r.txId(), r.committed());
                }
            }
            if (!outcomes.containsKey(tx) || ps.inDoubt(tx) != 0) {
                throw new IllegalStateException("recovery did not decide " + tx + "; in doubt at " + ps.inDoubt(tx)
                        + " participants");
            }
            if (probe) {
                outage.record(down);
                throughOutage.record(ps.blockedNanos(tx));
            } else {
                blocked.record(ps.blockedNanos(tx));
            }
        }
        return new Kills(blocked, profile.kills(), held, profile.probes(), probesRefused, outage, throughOutage);
    }

    private static void atomicity(ExperimentContext ctx, TpcParticipants ps, Map<String, Boolean> outcomes,
            int refused, Kills kills) {
        int partial = 0;
        int wrong = 0;
        for (Map.Entry<String, Boolean> e : outcomes.entrySet()) {
            int n = ps.holding(e.getKey());
            if (n > 0 && n < PARTICIPANTS) {
                partial++;
            } else if ((n == PARTICIPANTS) != e.getValue()) {
                wrong++;
            }
        }
        long locked = ps.participants.stream().mapToLong(p -> p.lockedKeys().size()).sum();
        int total = outcomes.size();
        ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, TPC, "partial commits", partial, "transactions", total,
                "transactions", String.format(Locale.ROOT, "every participant's store read for each transaction after"
                        + " all ended: %d normal (%d aborted by a no vote), %d with the coordinator killed between"
                        + " prepare and commit and recovered; %d whole transactions disagreeing with the logged"
                        + " outcome, %d locks left held", total - kills.count() - kills.probes(), refused,
                        kills.count() + kills.probes(), wrong, locked)));
    }

    private static void blocking(ExperimentContext ctx, Kills kills, Latencies inDoubt, TpcParticipants ps) {
        String held = String.format(Locale.ROOT, "%d of %d participants were in doubt holding their locks after the"
                + " kills; the recovering coordinator started at once (no detection or restart delay: a real outage adds"
                + " its length); vs %.2f ms in doubt per normal commit", kills.heldInDoubt(),
                PARTICIPANTS * (kills.count() + kills.probes()), inDoubt.percentileMs(50));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "participants blocked after a coordinator kill p50",
                kills.blocked().percentileMs(50), "ms", kills.count(), "kills", held));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "participants blocked after a coordinator kill max",
                kills.blocked().percentileMs(100), "ms", kills.count(), "kills", held));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "participants blocked through a coordinator outage p50",
                kills.blockedThroughOutage().percentileMs(50), "ms", kills.probes(), "kills", String.format(Locale.ROOT,
                        "the coordinator stayed down %.2f ms (p50; a conflicting transaction ran meanwhile): the"
                                + " participants held their locks all that time and until the recovery told them",
                        kills.outage().percentileMs(50))));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "conflicting transactions refused while blocked",
                kills.probesRefused(), "transactions", kills.probes(), "kills", String.format(Locale.ROOT,
                        "a transaction writing the locked key through another coordinator, before the recovery: its"
                                + " prepare waits %d ms for the lock, then votes no", ps.lockWait().toMillis())));
    }

    private static void latency(ExperimentContext ctx, Latencies tpc, Latencies saga, Latencies plain) {
        long n = tpc.count();
        for (double pct : new double[] {50, 99}) {
            ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "commit latency p" + (int) pct, tpc.percentileMs(pct),
                    "ms", n, "transactions", String.format(Locale.ROOT, "vs %.2f ms for an orchestrated saga of the"
                            + " same 3 writes on the same stores with plain writes, %.2f ms with idempotent steps;"
                            + " interleaved, same run", plain.percentileMs(pct), saga.percentileMs(pct))));
            ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, PLAIN, "latency p" + (int) pct, plain.percentileMs(pct),
                    "ms", plain.count(), "sagas", "3 steps in turn, each one put (compensation: delete) and its"
                            + " saga-log records (fenced appends); no locks, no prepare round"));
            ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, SAGA, "latency p" + (int) pct, saga.percentileMs(pct), "ms",
                    saga.count(), "sagas", "as the plain saga, each step also claimed and completed in the backend's"
                            + " idempotency store (IdempotentStep, safe to redeliver after a crash)"));
        }
        for (Latencies baseline : List.of(plain, saga)) {
            String variant = baseline == plain ? PLAIN : SAGA;
            ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, TPC, "latency 2PC / " + variant + " p50",
                    tpc.percentileMs(50) / baseline.percentileMs(50), "x", n, "transactions", String.format(
                            Locale.ROOT, "%.2f ms vs %.2f ms; 2PC prepares the participants in parallel, the saga runs"
                                    + " its steps in turn", tpc.percentileMs(50), baseline.percentileMs(50))));
        }
    }
}
