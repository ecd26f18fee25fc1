package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.Keyword;
import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaTakenOverException;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@code saga}: orchestrated sagas ({@link SagaOrchestrator}, log in the backend's {@link DurableLog}, steps made
 * idempotent by {@link IdempotentStep} over the backend's {@link IdempotencyStore}) while the nemeses hit the
 * servers and the orchestrator itself is killed. Each step runs one saga of {@value #STEPS} steps; a step's effect is
 * a counter pair {@code [executions compensations]} in the KV store (execute: executions + 1, refused once a
 * compensation touched the pair; compensate: if executions &gt; compensations, compensations + 1, else the pair
 * rewritten unchanged to fence off a late execute), so the final data shows what ran and how often. A fifth of
 * the sagas fail at their last step (a business failure: the others are compensated); a tenth have their
 * orchestrator killed at a random boundary ({@link CrashHook}: it stops there, as a crashed process does, and the
 * saga is left in the log). Every {@value #RECOVER_EVERY}th step a fresh orchestrator runs {@code recover()} (a
 * restarted coordinator; it also races live orchestrators, which the log's fence arbitrates). After healing: a
 * last recovery, then a read of every saga's counters. Checked by {@link SagaChecker}: all or nothing per saga,
 * consistent with its outcome, no step executed or compensated twice, one outcome per saga.
 *
 * <p>Ops: {@code :saga id} (ok {@code :completed}/{@code :compensated}/{@code :manual}; info when the orchestrator
 * was killed, taken over or failed), {@code :recover} and {@code :final-recover} (ok: a list of
 * {@code [id outcome]}), {@code :final-read} (ok: a list of {@code [id step executions compensations]}).
 */
public final class SagaWorkload implements Workload {
    static final int STEPS = 3;
    static final int RECOVER_EVERY = 100;
    private static final String SAGA = "chaos-order";

    private final KeyValueStore kv;
    private final DurableLog log;
    private final SagaDefinition definition;
    private final SagaConfig config;
    private final SagaOrchestrator orchestrator;
    private final ConcurrentSkipListSet<Long> started = new ConcurrentSkipListSet<>();

    public SagaWorkload(DurableLog log, IdempotencyStore idempotency, KeyValueStore kv) {
        this.kv = kv;
        this.log = log;
        List<SagaStep> steps = new ArrayList<>();
        for (int k = 0; k < STEPS; k++) {
            int step = k;
            steps.add(IdempotentStep.of(idempotency, SagaStep.of("s" + k, ctx -> execute(ctx, step),
                    ctx -> compensate(ctx, step))));
        }
        this.definition = new SagaDefinition(SAGA, steps);
        this.config = config();
        this.orchestrator = orchestrator(CrashHook.NONE);
    }

    /** Steps: 3 s per attempt, 3 attempts; compensations and log: 3 s, 20 attempts, backoff up to 1 s. */
    static SagaConfig config() {
        RemoteCalls.Settings patient = new RemoteCalls.Settings(Duration.ofSeconds(3), 20, Duration.ofMillis(100),
                2.0, 0.5, Duration.ofSeconds(1));
        return new SagaConfig(patient.withMaxAttempts(3), patient, patient, SagaConfig.RecoveryMode.COMPENSATE);
    }

    /** The idempotency store's config: a claim outlives a step's whole retry budget (lock timeout 10 s). */
    public static IdempotencyConfig idempotencyConfig() {
        return new IdempotencyConfig("chaos-saga", Duration.ofHours(1), Duration.ofSeconds(10));
    }

    private SagaOrchestrator orchestrator(CrashHook crash) {
        return new SagaOrchestrator(log, List.of(definition), config, OpenTelemetry.noop().getTracer("chaos-saga"),
                crash);
    }

    @Override
    public String name() {
        return "saga";
    }

    /** A saga is about 20 round trips (log, claims, counters). */
    @Override
    public double defaultMinRate(double rate) {
        return rate / 20;
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) {
        if (seq > 0 && seq % RECOVER_EVERY == 0) {
            recover(c, "recover");
            return;
        }
        boolean fail = rnd.nextInt(5) == 0;
        boolean crash = rnd.nextInt(10) == 0;
        SagaOrchestrator o = crash ? orchestrator(CrashHook.crashAt(1 + rnd.nextInt(4 * STEPS + 4))) : orchestrator;
        started.add(seq);
        c.invoke("saga", seq);
        try {
            SagaResult r = o.run(SAGA, "g" + seq, fail ? Map.of("fail", "1") : Map.of());
            c.ok(outcome(r));
        } catch (SimulatedCrash e) {
            c.info(null, ":killed " + e.getMessage());
        } catch (SagaTakenOverException e) {
            c.info(null, ":taken-over");
        } catch (RuntimeException e) {
            c.failed(e, true);
        }
    }

    private static Keyword outcome(SagaResult r) {
        return new Keyword(switch (r.outcome()) {
            case COMPLETED -> "completed";
            case COMPENSATED -> "compensated";
            case MANUAL_INTERVENTION_REQUIRED -> "manual";
        });
    }

    private boolean recover(HistoryRecorder.Client c, String f) {
        c.invoke(f, null);
        try {
            List<Object> out = new ArrayList<>();
            for (SagaResult r : orchestrator(CrashHook.NONE).recover()) {
                out.add(List.of(Long.parseLong(r.sagaId().substring(1)), outcome(r)));
            }
            c.ok(out);
            return true;
        } catch (RuntimeException e) {
            c.fail(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void finish(HistoryRecorder rec) throws InterruptedException {
        HistoryRecorder.Client c = rec.client();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!recover(c, "final-recover") && System.nanoTime() - deadline < 0) {
            Thread.sleep(500); // the deployment is still recovering: retry the recovery
        }
        c.invoke("final-read", null);
        List<Object> rows = new ArrayList<>();
        for (long g : started) {
            for (int k = 0; k < STEPS; k++) {
                String key = "g" + g + "/" + k;
                try {
                    long[] ec = FinalReads.retry(deadline, () -> read(key).counts);
                    rows.add(List.of(g, (long) k, ec[0], ec[1]));
                } catch (RuntimeException e) {
                    c.fail(null, "final read failed at saga " + g + ": " + e.getMessage());
                    return;
                }
            }
        }
        c.ok(rows);
    }

    private record Counters(long[] counts, long version) {
    }

    private Counters read(String key) {
        Optional<Versioned> v = kv.get(key);
        if (v.isEmpty()) {
            return new Counters(new long[] {0, 0}, KeyValueStore.ABSENT);
        }
        String[] p = new String(v.get().value(), StandardCharsets.UTF_8).split(",");
        return new Counters(new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])}, v.get().version());
    }

    /**
     * The step's effect: executions + 1 by one compare-and-set from the counters read, refused (a clean failure, no
     * effect) when a compensation got there first (the pair is present with nothing left to undo) or changed it in
     * between. A second execution that the idempotency layer let through still counts (executions 2): that is what
     * the checker looks for.
     */
    private void execute(StepContext ctx, int step) {
        if (step == STEPS - 1 && "1".equals(ctx.input().get("fail"))) {
            throw new IllegalStateException("saga " + ctx.sagaId() + ": step " + step + " refused (business failure)");
        }
        String key = ctx.sagaId() + "/" + step;
        Counters c = read(key);
        if (c.version != KeyValueStore.ABSENT && c.counts[0] <= c.counts[1]) {
            throw new IllegalStateException(key + ": compensated before the step ran; not running it");
        }
        CasResult r = kv.compareAndSet(key, c.version, (c.counts[0] + 1 + "," + c.counts[1])
                .getBytes(StandardCharsets.UTF_8));
        if (!r.succeeded()) {
            throw new IllegalStateException(key + ": changed while the step ran (a compensation); not applied");
        }
    }

    /**
     * Undoes the effect: compensations + 1 while executions &gt; compensations; otherwise (nothing to undo) the pair is
     * rewritten unchanged, so its version moves on and an execute still in flight (sent before the compensation,
     * landing after it) fails its compare-and-set: the SagaStep contract's "a late execute after the compensation
     * must have no effect". Retried on a conflicting write.
     */
    private void compensate(StepContext ctx, int step) {
        String key = ctx.sagaId() + "/" + step;
        for (int i = 0; i < 50; i++) {
            Counters c = read(key);
            long comp = c.counts[1] + (c.counts[0] > c.counts[1] ? 1 : 0);
            CasResult r = kv.compareAndSet(key, c.version, (c.counts[0] + "," + comp).getBytes(StandardCharsets.UTF_8));
            if (r.succeeded()) {
                return;
            }
        }
        throw new IllegalStateException("the counters " + key + " kept changing under 50 compare-and-sets");
    }
}
