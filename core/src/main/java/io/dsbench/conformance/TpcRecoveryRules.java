package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.Participant;
import io.dsbench.patterns.tpc.TpcLog;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.patterns.tpc.Vote;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The two-phase commit rules about crashes, recovery and ownership (TPC-3, TPC-4, TPC-7): a coordinator abandoned
 * before or after its decision, and a recovering coordinator racing the original. Every rule uses fresh logs and
 * namespaces.
 */
public abstract class TpcRecoveryRules extends TpcKit {

    /**
     * The coordinator is abandoned at every boundary after it logged the decision (after DECISION, after each
     * participant's commit or abort, after END), for a commit and for an abort decision; a new coordinator's
     * recovery completes the logged decision on every participant, and a second recovery finds nothing.
     * If this fails, check the backend's log durability within a session (LOG-1).
     */
    @Test
    @ConformanceRule(id = "TPC-3", title = "coordinator abandoned after logging the decision: recovery completes it on every participant")
    public void required_TPC3_crashAfterDecisionRecoveryCompletes(TestReporter reporter) {
        int runs = 0;
        for (boolean commit : new boolean[] {true, false}) {
            List<String> points = dryRun(commit);
            int decision = points.indexOf(points.stream().filter(p -> p.endsWith(" after DECISION")).findFirst()
                    .orElseThrow(() -> new AssertionError("no 'after DECISION' boundary in " + points)));
            for (int i = decision + 1; i <= points.size(); i++) {
                crashAndRecover(commit, i, points.get(i - 1), true);
                runs++;
            }
        }
        publish(reporter, "TPC-3.crashPoints", String.valueOf(runs));
    }

    /**
     * The coordinator is abandoned at every boundary before the decision (before BEGIN, after BEGIN, after
     * the prepare phase): recovery aborts on every participant (nothing committed, all locks released), also
     * where every participant had voted yes.
     * If this fails, check the backend's log (LOG-1).
     */
    @Test
    @ConformanceRule(id = "TPC-4", title = "coordinator abandoned before the decision: recovery aborts")
    public void required_TPC4_crashBeforeDecisionRecoveryAborts(TestReporter reporter) {
        int runs = 0;
        List<String> points = dryRun(true);
        for (int i = 1; i <= points.size() && !points.get(i - 1).endsWith(" after DECISION"); i++) {
            crashAndRecover(true, i, points.get(i - 1), false);
            runs++;
        }
        assertThat(runs).as("boundaries before the decision").isGreaterThanOrEqualTo(3);
        publish(reporter, "TPC-4.crashPoints", String.valueOf(runs));
    }

    protected List<String> dryRun(boolean commit) {
        Cluster c = commit ? new Cluster(3) : new Cluster(3, null, null, (tx, w) -> Optional.of("veto"));
        CrashHook.Recording rec = CrashHook.recording();
        try (TwoPhaseCommitCoordinator coord = c.coordinator(rec)) {
            coord.execute(unique("dry"), c.writes("k", "v"));
        }
        return rec.points();
    }

    private void crashAndRecover(boolean commit, int crashAt, String point, boolean afterDecision) {
        Cluster c = commit ? new Cluster(3) : new Cluster(3, null, null, (tx, w) -> Optional.of("veto"));
        String tx = unique("tx");
        String where = (commit ? "commit" : "abort") + " decision, crash at boundary " + crashAt + " (" + point + ")";
        try (TwoPhaseCommitCoordinator crashing = c.coordinator(CrashHook.crashAt(crashAt))) {
            assertThatThrownBy(() -> crashing.execute(tx, c.writes("k", "v"))).as(where)
                    .isInstanceOf(SimulatedCrash.class);
        }
        List<TpcResult> recovered;
        try (TwoPhaseCommitCoordinator recovering = c.coordinator(CrashHook.NONE)) {
            recovered = recovering.recover();
            assertThat(recovering.recover()).as(where + ": a second recovery finds nothing").isEmpty();
        }
        boolean begun = !TpcLog.read(c.coordinatorLog, TpcLog.COORDINATOR).isEmpty();
        boolean ended = types(c.coordinatorLog, TpcLog.COORDINATOR).stream().filter("END"::equals).count() == 1;
        if (afterDecision && commit) {
            c.assertCommitted(tx, "k", "v", where);
        } else {
            c.assertAborted(tx, "k", where);
        }
        if (begun) {
            assertThat(ended).as(where + ": exactly one END after recovery").isTrue();
            if (!point.endsWith(" after END")) {
                assertThat(recovered).as(where).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(
                        afterDecision && commit ? TpcResult.Outcome.COMMITTED : TpcResult.Outcome.ABORTED));
            }
            if (!afterDecision) {
                for (KeyValueParticipant p : c.participants) {
                    assertThat(p.isAborted(tx)).as(where + ": " + p.id() + " told to abort").isTrue();
                }
            }
        } else {
            assertThat(recovered).as(where + ": nothing was logged, nothing to recover").isEmpty();
        }
    }

    /**
     * Recovery without ownership must not split a transaction. The original coordinator prepares every
     * participant (all vote yes) and is paused, alive, just before logging its decision; a second coordinator's
     * recovery reads the log (BEGIN, no decision) and is paused just before logging its own (presumed abort).
     * Then one of them is let go first and runs to the end, then the other, in both orders. Exactly one DECISION
     * for the transaction may be in the log; the loser adopts it; no participant ever receives both a commit and
     * an abort; every participant ends in the logged outcome; both coordinators report it.
     * If this fails with two decisions, the coordinators do not fence their decision with the log's conditional
     * append; if it fails otherwise, check LOG-8.
     */
    @Test
    @ConformanceRule(id = "TPC-7", title = "a recovering coordinator racing the original (slow, alive) one: one decision is logged, no participant receives both commit and abort")
    public void required_TPC7_recoveryRacingTheOriginalLogsOneDecision() throws Exception {
        for (boolean recoveryFirst : new boolean[] {true, false}) {
            raceOriginalAndRecovery(recoveryFirst);
        }
    }

    private void raceOriginalAndRecovery(boolean recoveryFirst) throws Exception {
        Cluster c = new Cluster(2);
        List<Witness> witnesses = c.participants.stream().map(Witness::new).toList();
        String tx = unique("tx");
        String where = "TPC-7, " + (recoveryFirst ? "the recovery decides first, then the original"
                : "the original decides first, then the recovery");
        Pause original = new Pause("2pc " + tx + " before DECISION");
        Pause recovery = new Pause("2pc " + tx + " (recovery) before DECISION");
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dsbench-kit-tpc7");
            t.setDaemon(true);
            return t;
        });
        try (TwoPhaseCommitCoordinator first = c.coordinator(witnesses, original);
                TwoPhaseCommitCoordinator second = c.coordinator(witnesses, recovery)) {
            Future<TpcResult> originalRun = threads.submit(() -> first.execute(tx, c.writes("k", "v")));
            original.awaitReached(where + ": the original coordinator reaches its decision", originalRun);
            Future<List<TpcResult>> recoveryRun = threads.submit(second::recover);
            recovery.awaitReached(where + ": the recovery reaches its decision", recoveryRun);
            TpcResult originalResult;
            List<TpcResult> recovered;
            Duration bound = env.operationBound().multipliedBy(10);
            if (recoveryFirst) {
                recovery.resume();
                recovered = recoveryRun.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                original.resume();
                originalResult = originalRun.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                original.resume();
                originalResult = originalRun.get(bound.toMillis(), TimeUnit.MILLISECONDS);
                recovery.resume();
                recovered = recoveryRun.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (Witness w : witnesses) {
                assertThat(w.received(tx)).as(where + ": decisions received by participant " + w.id()
                        + " (never both commit and abort)").doesNotContain("commit and abort");
            }
            List<TpcLog> decisions = TpcLog.read(c.coordinatorLog, TpcLog.COORDINATOR).stream()
                    .filter(r -> r.type().equals("DECISION") && r.txId().equals(tx)).toList();
            assertThat(decisions).as(where + ": DECISION records of " + tx + " in the coordinator log (exactly one)")
                    .hasSize(1);
            boolean commit = decisions.get(0).detail().equals("COMMIT");
            assertThat(commit).as(where + ": " + (recoveryFirst ? "the recovery presumed abort first"
                    : "the original decided commit first")).isEqualTo(!recoveryFirst);
            TpcResult.Outcome logged = commit ? TpcResult.Outcome.COMMITTED : TpcResult.Outcome.ABORTED;
            assertThat(originalResult.outcome()).as(where + ": the original coordinator's result").isEqualTo(logged);
            assertThat(recovered).as(where + ": the recovery's results").singleElement()
                    .satisfies(r -> assertThat(r.outcome()).as(where + ": the recovery's result").isEqualTo(logged));
            if (commit) {
                c.assertCommitted(tx, "k", "v", where);
            } else {
                c.assertAborted(tx, "k", where);
            }
        } finally {
            original.resume();
            recovery.resume();
            threads.shutdownNow();
        }
    }

    /** A hook that holds a coordinator (alive) at one boundary until told to go on. */
    private final class Pause implements CrashHook {
        private final String point;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch go = new CountDownLatch(1);

        Pause(String point) {
            this.point = point;
        }

        @Override
        public void at(String p) {
            if (p.equals(point)) {
                reached.countDown();
                try {
                    if (!go.await(env.operationBound().multipliedBy(20).toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IllegalStateException("kit: paused at '" + point + "' and never resumed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("kit: interrupted while paused at '" + point + "'", e);
                }
            }
        }

        void awaitReached(String what, Future<?> run) throws Exception {
            if (!reached.await(env.operationBound().multipliedBy(5).toMillis(), TimeUnit.MILLISECONDS)) {
                if (run.isDone()) {
                    run.get();
                }
                throw new AssertionError(what + ": never reached '" + point + "'"
                        + (run.isDone() ? " (it finished without passing there)" : ""));
            }
        }

        void resume() {
            go.countDown();
        }
    }

    /** A participant that records every decision message it receives before passing it on. */
    private static final class Witness implements Participant {
        private final Participant p;
        private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

        Witness(Participant p) {
            this.p = p;
        }

        /** "commit", "abort", or "commit and abort" for a participant that received both. */
        String received(String tx) {
            Set<String> s = seen.getOrDefault(tx, Set.of());
            return s.size() == 2 ? "commit and abort" : String.join("", s);
        }

        @Override
        public String id() {
            return p.id();
        }

        @Override
        public Vote prepare(String txId, byte[] payload) throws Exception {
            return p.prepare(txId, payload);
        }

        @Override
        public void commit(String txId) throws Exception {
            seen.computeIfAbsent(txId, k -> ConcurrentHashMap.newKeySet()).add("commit");
            p.commit(txId);
        }

        @Override
        public void abort(String txId) throws Exception {
            seen.computeIfAbsent(txId, k -> ConcurrentHashMap.newKeySet()).add("abort");
            p.abort(txId);
        }
    }
}
