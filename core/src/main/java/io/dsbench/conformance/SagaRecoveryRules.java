package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaLogRecord;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The saga rules about crashes, recovery and ownership (SAGA-4, SAGA-7, SAGA-8): an orchestrator abandoned at any
 * boundary, a step whose process died after its effect, two orchestrators racing on one saga. Each rule uses a
 * fresh log and idempotency namespace.
 */
public abstract class SagaRecoveryRules extends SagaKit {

    /** The crash point a step passes after its effect, before its idempotency claim is completed. */
    static final String AFTER_EFFECT = "effect applied, before its claim is completed";

    /**
     * The claim lock timeout of the crash rules: short, since a crash inside a step leaves its claim held until
     * it passes ({@link #shortTtl()}, at least 1 s scaled so that a step on a busy machine finishes within it).
     */
    private IdempotencyStore crashIdempotency() {
        Duration lock = max(shortTtl(), env.scaled(Duration.ofSeconds(1)));
        return backend.idempotency(new IdempotencyConfig(unique("saga-idem"), Duration.ofHours(1), lock));
    }

    /** A service step whose process passes {@code crash} (and may die there) after applying its effect. */
    private static SagaStep crashingService(IdempotencyStore idem, Ledger ledger, String name, CrashHook crash) {
        return IdempotentStep.of(idem, SagaStep.of(name, c -> {
            ledger.apply(c);
            crash.at("saga " + c.sagaId() + " step " + c.stepIndex() + " " + AFTER_EFFECT);
        }, ledger::undo));
    }

    /**
     * Waits until the claim of step {@code k}'s execution, left held by a process that died, is abandoned
     * (its lock timeout passed): lookup shows nothing for its key.
     */
    private void awaitClaimAbandoned(IdempotencyStore idem, String sagaId, String sagaName, int k, String stepName,
            String where) {
        String key = new StepContext(sagaId, sagaName, k, stepName, StepContext.Phase.EXECUTE, Map.of())
                .keyFor(StepContext.Phase.EXECUTE);
        Duration bound = idem.config().lockTimeout().plus(tolerance()).plus(env.operationBound());
        assertThat(env.await(bound, () -> idem.lookup(key).isEmpty()))
                .as(where + ": the dead step's claim on '" + key + "' must be abandoned within its lock timeout "
                        + idem.config().lockTimeout().toMillis() + " ms + tolerance (IDEM-3)")
                .isTrue();
    }

    /**
     * The orchestrator is abandoned (a simulated crash) at every boundary between its externally visible
     * actions, exhaustively, for a saga that succeeds and one whose last step fails, under both recovery
     * modes; the boundaries include a step's process dying after the step's effect and before its idempotency
     * claim is completed (recovery then runs after that claim's lock timeout passed). A new orchestrator's
     * recovery then ends each saga fully done or fully compensated: every step's net effect is the same (all 1
     * or all 0), no effect was applied or undone twice, a COMPLETED saga had no compensation, a failing saga
     * never completes, RESUME never rolls back a saga in which nothing failed (unless a step died with its
     * outcome unknown: then it is compensated), and the log holds exactly one FINISHED matching the outcome.
     * If this fails, check the log's durability and order within one backend session (LOG-1, LOG-2) and the
     * idempotency store (IDEM-1..IDEM-5).
     */
    @Test
    @ConformanceRule(id = "SAGA-4", title = "an orchestrator abandoned at every step boundary (and a step dead after its effect) is recovered all-or-nothing")
    public void required_SAGA4_crashAtEveryBoundaryRecoversAllOrNothing(TestReporter reporter) {
        int total = 0;
        int insideSteps = 0;
        for (SagaConfig.RecoveryMode mode : SagaConfig.RecoveryMode.values()) {
            for (boolean lastFails : new boolean[] {false, true}) {
                int points = boundaries(mode, lastFails);
                assertThat(points).as("boundaries found by the dry run").isGreaterThan(5);
                for (int crashAt = 1; crashAt <= points; crashAt++) {
                    if (crashAndRecover(mode, lastFails, crashAt)) {
                        insideSteps++;
                    }
                    total++;
                }
            }
        }
        assertThat(insideSteps).as("crash points after a step's effect, before its claim was completed")
                .isGreaterThanOrEqualTo(8);
        publish(reporter, "SAGA-4.crashPoints", String.valueOf(total));
    }

    private SagaDefinition crashSaga(IdempotencyStore idem, Ledger ledger, boolean lastFails, CrashHook crash) {
        return SagaDefinition.of("trip", crashingService(idem, ledger, "flight", crash),
                crashingService(idem, ledger, "hotel", crash),
                lastFails ? failing(idem, ledger, "car", "no cars left") : crashingService(idem, ledger, "car", crash));
    }

    private int boundaries(SagaConfig.RecoveryMode mode, boolean lastFails) {
        Ledger ledger = new Ledger();
        CrashHook.Recording rec = CrashHook.recording();
        orchestrator(backend.log(unique("saga4-dry")), crashSaga(crashIdempotency(), ledger, lastFails, rec),
                fastConfig().withRecovery(mode), rec).run("trip", unique("dry"), Map.of());
        return rec.points().size();
    }

    /** Returns whether the crash was inside a step, after its effect. */
    private boolean crashAndRecover(SagaConfig.RecoveryMode mode, boolean lastFails, int crashAt) {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = crashIdempotency();
        DurableLog log = backend.log(unique("saga4"));
        String id = unique("s");
        CrashHook.Recording crash = CrashHook.crashAt(crashAt);
        SagaConfig config = fastConfig().withRecovery(mode);
        assertThatThrownBy(() -> orchestrator(log, crashSaga(idem, ledger, lastFails, crash), config, crash)
                .run("trip", id, Map.of())).isInstanceOf(SimulatedCrash.class);
        String where = "mode " + mode + ", last step " + (lastFails ? "fails" : "succeeds") + ", crash at boundary "
                + crashAt + " (" + crash.crashedAt() + ")";
        boolean insideStep = crash.crashedAt().endsWith(AFTER_EFFECT);
        if (insideStep) {
            int k = Integer.parseInt(crash.crashedAt().replaceFirst(".* step (\\d+) " + AFTER_EFFECT, "$1"));
            awaitClaimAbandoned(idem, id, "trip", k, List.of("flight", "hotel", "car").get(k), where);
        }
        List<SagaResult> recovered = orchestrator(log, crashSaga(idem, ledger, lastFails, CrashHook.NONE), config,
                CrashHook.NONE).recover();
        boolean started = SagaLog.records(log).stream().anyMatch(r -> r.sagaId().equals(id));
        if (!started) {
            assertThat(recovered).as(where).isEmpty();
            assertThat(ledger.calls()).as(where + ": nothing may have run").isEmpty();
            return insideStep;
        }
        SagaResult.Outcome outcome = SagaLog.states(log).get(id).finished().orElse(null);
        assertThat(outcome).as(where + ": the saga must be finished in the log").isNotNull();
        long finishedRecords = SagaLog.records(log).stream()
                .filter(r -> r.sagaId().equals(id) && r.type() == SagaLogRecord.Type.FINISHED).count();
        assertThat(finishedRecords).as(where + ": exactly one FINISHED").isEqualTo(1);
        assertThat(outcome).as(where).isNotEqualTo(SagaResult.Outcome.MANUAL_INTERVENTION_REQUIRED);
        int expectedNet = outcome == SagaResult.Outcome.COMPLETED ? 1 : 0;
        for (int k = 0; k < 3; k++) {
            assertThat(ledger.net(id, k)).as(where + ": net effect of step " + k + " (outcome " + outcome + ")")
                    .isEqualTo(expectedNet);
            assertThat(ledger.executes(id, k)).as(where + ": step " + k + " applied at most once").isLessThanOrEqualTo(1);
            assertThat(ledger.compensates(id, k)).as(where + ": step " + k + " undone at most once").isLessThanOrEqualTo(1);
            if (outcome == SagaResult.Outcome.COMPLETED) {
                assertThat(ledger.compensates(id, k)).as(where + ": a completed saga compensates nothing").isZero();
            }
        }
        if (lastFails) {
            assertThat(outcome).as(where + ": a saga whose step fails can never complete")
                    .isEqualTo(SagaResult.Outcome.COMPENSATED);
        } else if (mode == SagaConfig.RecoveryMode.RESUME && !insideStep) {
            assertThat(outcome).as(where + ": RESUME finishes a saga in which nothing failed")
                    .isEqualTo(SagaResult.Outcome.COMPLETED);
        }
        assertThat(orchestrator(log, crashSaga(idem, ledger, lastFails, CrashHook.NONE), config, CrashHook.NONE)
                .recover()).as(where + ": a second recovery finds nothing to do").isEmpty();
        return insideStep;
    }

    /**
     * An expired claim is an unknown outcome, never "did not run". A step's process applies the step's effect
     * and dies before completing its idempotency claim; the claim's lock timeout passes. Then: (a) redelivering
     * the step directly does not apply it a second time, and compensating it undoes the effect; (b) in a saga
     * crashed there, a new orchestrator's recovery (both modes) ends COMPENSATED with no effect left (or
     * MANUAL_INTERVENTION_REQUIRED), never COMPENSATED with the step's effect still applied.
     * If this fails with the effect left, the step's compensation took the expired claim for a step that never
     * ran; check the idempotency store keeps completed records (IDEM-2) and abandons claims (IDEM-3).
     */
    @Test
    @ConformanceRule(id = "SAGA-7", title = "a step that died after its effect, before completing its claim, is compensated after the claim expired, never skipped")
    public void required_SAGA7_expiredClaimIsUnknownOutcomeNotNeverRan() {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = crashIdempotency();
        CrashHook dies = CrashHook.crashAt(1);
        SagaStep charge = crashingService(idem, ledger, "charge", dies);
        String id = unique("s");
        StepContext exec = new StepContext(id, "order", 0, "charge", StepContext.Phase.EXECUTE, Map.of());
        assertThatThrownBy(() -> charge.execute(exec)).isInstanceOf(SimulatedCrash.class);
        awaitClaimAbandoned(idem, id, "order", 0, "charge", "SAGA-7 direct");
        try {
            charge.execute(exec);
        } catch (Exception e) {
            // refusing to run a step of unknown outcome again is correct; running it again is not
        }
        assertThat(ledger.executes(id, 0)).as("SAGA-7: a redelivery after the claim expired must not apply the "
                + "step again (its first run may have happened)").isEqualTo(1);
        assertThatCode(() -> charge.compensate(new StepContext(id, "order", 0, "charge", StepContext.Phase.COMPENSATE,
                Map.of()))).doesNotThrowAnyException();
        assertThat(ledger.net(id, 0)).as("SAGA-7: compensating a step whose claim expired after its effect must "
                + "undo the effect (the claim's expiry says nothing about whether it ran)").isZero();

        for (SagaConfig.RecoveryMode mode : SagaConfig.RecoveryMode.values()) {
            Ledger l = new Ledger();
            IdempotencyStore store = crashIdempotency();
            DurableLog log = backend.log(unique("saga7"));
            String sid = unique("s");
            CrashHook.Recording crash = CrashHook.crashAt(1); // the hotel step's process dies after its effect
            SagaConfig config = fastConfig().withRecovery(mode);
            SagaDefinition def = SagaDefinition.of("trip", service(store, l, "flight"),
                    crashingService(store, l, "hotel", crash), service(store, l, "car"));
            assertThatThrownBy(() -> orchestrator(log, def, config, CrashHook.NONE).run("trip", sid, Map.of()))
                    .isInstanceOf(SimulatedCrash.class);
            String where = "SAGA-7, mode " + mode + ", crashed at " + crash.crashedAt();
            assertThat(crash.crashedAt()).as(where).endsWith(AFTER_EFFECT).contains("step 1");
            awaitClaimAbandoned(store, sid, "trip", 1, "hotel", where);
            SagaDefinition again = SagaDefinition.of("trip", service(store, l, "flight"), service(store, l, "hotel"),
                    service(store, l, "car"));
            List<SagaResult> results = orchestrator(log, again, config, CrashHook.NONE).recover();
            assertThat(results).as(where).hasSize(1);
            SagaResult r = results.get(0);
            assertThat(l.executes(sid, 1)).as(where + ": the hotel step applied at most once").isLessThanOrEqualTo(1);
            if (r.outcome() == SagaResult.Outcome.COMPENSATED) {
                for (int k = 0; k < 3; k++) {
                    assertThat(l.net(sid, k)).as(where + ": the saga says COMPENSATED, so step " + k
                            + "'s effect must be undone").isZero();
                }
            } else if (r.outcome() == SagaResult.Outcome.COMPLETED) {
                for (int k = 0; k < 3; k++) {
                    assertThat(l.net(sid, k)).as(where + ": COMPLETED, step " + k + " applied once").isEqualTo(1);
                }
            } else {
                assertThat(r.manualSteps()).as(where + ": manual intervention must name the unknown step").contains(1);
            }
        }
    }

    /**
     * Recovery without ownership must not split a saga. Orchestrator A runs a three-step saga; step 1 is slow
     * (A is alive, the step is still running). Orchestrator B recovers the log meanwhile (COMPENSATE mode), finds
     * the saga unfinished with step 1 in doubt, and starts compensating: B's compensation of step 1 is held until
     * A has gone as far as it can. Then B finishes. A must notice that B took the saga over (its next log append
     * is fenced) and stop: the saga ends with one outcome in the log (exactly one FINISHED), step 2 never runs
     * after the compensation began, and every step's net effect is undone.
     * If this fails with two FINISHED records or step 2 applied, the orchestrators do not fence their appends with
     * the log's conditional append; if it fails otherwise, check LOG-8 and IDEM-2.
     */
    @Test
    @ConformanceRule(id = "SAGA-8", title = "an orchestrator recovering a saga while the original still runs it: one outcome, no step runs after compensation began")
    public void required_SAGA8_recoveryRacingTheOriginalHasOneOutcome() throws Exception {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        DurableLog log = backend.log(unique("saga8"));
        String id = unique("s");
        Duration bound = env.operationBound().multipliedBy(10);
        CountDownLatch inStep = new CountDownLatch(1);
        CountDownLatch stepMayFinish = new CountDownLatch(1);
        CountDownLatch bCompensating = new CountDownLatch(1);
        CountDownLatch aDone = new CountDownLatch(1);
        SagaStep slowHotel = IdempotentStep.of(idem, SagaStep.of("hotel", c -> {
            inStep.countDown();
            if (!stepMayFinish.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("kit: step 'hotel' was never let go");
            }
            ledger.apply(c);
        }, ledger::undo));
        SagaDefinition original = SagaDefinition.of("trip", service(idem, ledger, "flight"), slowHotel,
                service(idem, ledger, "car"));
        SagaStep hotel = service(idem, ledger, "hotel");
        SagaStep heldHotel = SagaStep.of("hotel", hotel::execute, c -> {
            bCompensating.countDown();
            if (!aDone.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("kit: the original orchestrator never finished");
            }
            hotel.compensate(c);
        });
        SagaDefinition recovering = SagaDefinition.of("trip", service(idem, ledger, "flight"), heldHotel,
                service(idem, ledger, "car"));
        SagaConfig config = fastConfig().withRecovery(SagaConfig.RecoveryMode.COMPENSATE);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "dsbench-kit-saga8");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> a = threads.submit(() -> {
                try {
                    return orchestrator(log, original, config, CrashHook.NONE).run("trip", id, Map.of());
                } finally {
                    aDone.countDown();
                }
            });
            assertThat(inStep.await(bound.toMillis(), TimeUnit.MILLISECONDS)).as("SAGA-8: A reaches step 1").isTrue();
            Future<List<SagaResult>> b = threads.submit(
                    () -> orchestrator(log, recovering, config, CrashHook.NONE).recover());
            assertThat(bCompensating.await(bound.toMillis(), TimeUnit.MILLISECONDS))
                    .as("SAGA-8: B starts compensating step 1 while A still runs it").isTrue();
            stepMayFinish.countDown();
            try {
                a.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // A may stop with an error saying another orchestrator took the saga over; what counts is the log
            }
            List<SagaResult> bResults = b.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(bResults).as("SAGA-8: B recovered the saga").singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(SagaResult.Outcome.COMPENSATED));
        } finally {
            stepMayFinish.countDown();
            aDone.countDown();
            threads.shutdownNow();
        }
        List<String> finished = SagaLog.records(log).stream()
                .filter(r -> r.sagaId().equals(id) && r.type() == SagaLogRecord.Type.FINISHED)
                .map(SagaLogRecord::detail).toList();
        assertThat(finished).as("SAGA-8: FINISHED records of the saga (exactly one outcome)")
                .containsExactly(SagaResult.Outcome.COMPENSATED.name());
        assertThat(ledger.executes(id, 2)).as("SAGA-8: step 2 ran after the compensation began").isZero();
        for (int k = 0; k < 3; k++) {
            assertThat(ledger.net(id, k)).as("SAGA-8: net effect of step %d of a COMPENSATED saga", k).isZero();
        }
    }
}
