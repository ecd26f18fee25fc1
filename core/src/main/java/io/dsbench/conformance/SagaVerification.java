package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaLogRecord;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Conformance rules SAGA-1..8 and TRACE-4: the {@link SagaOrchestrator} with its state in this backend's
 * {@link DurableLog} and step idempotency in this backend's {@link IdempotencyStore}. This class holds the rules
 * about runs, failures, retries, redelivery and tracing; the crash, recovery and ownership rules (SAGA-4, SAGA-7,
 * SAGA-8) are inherited from {@link SagaRecoveryRules}, the simulated services from {@link SagaKit}. A backend
 * extends this class only.
 *
 * <p>Steps are simulated services that keep a ledger of their effects (a non-idempotent increment per
 * step, made idempotent by {@link IdempotentStep} over the backend's store), so every rule can check net
 * effects exactly. Every rule uses a fresh log and idempotency namespace.
 */
public abstract class SagaVerification extends SagaRecoveryRules {

    /**
     * All steps succeed: the result is COMPLETED, each step executed exactly once and in order, nothing
     * compensated; the log holds STARTED, STEP_STARTED/STEP_DONE per step in order, FINISHED COMPLETED.
     * If this fails, check the backend's log append/read order (LOG-1).
     */
    @Test
    @ConformanceRule(id = "SAGA-1", title = "all steps succeed: OK, each executed once, in order")
    public void required_SAGA1_allStepsSucceedOnceInOrder() {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), service(idem, ledger, "charge"),
                service(idem, ledger, "ship"), service(idem, ledger, "notify"));
        DurableLog log = backend.log(unique("saga1"));
        String id = unique("s");
        SagaResult r = orchestrator(log, def, fastConfig(), CrashHook.NONE).run("order", id, Map.of("item", "42"));
        assertThat(r.outcome()).isEqualTo(SagaResult.Outcome.COMPLETED);
        assertThat(r.error()).isEmpty();
        assertThat(ledger.calls()).containsExactly("execute reserve", "execute charge", "execute ship", "execute notify");
        for (int k = 0; k < 4; k++) {
            assertThat(ledger.net(id, k)).as("net effect of step %d", k).isEqualTo(1);
        }
        assertThat(types(log, id)).containsExactly("STARTED", "STEP_STARTED 0", "STEP_DONE 0", "STEP_STARTED 1",
                "STEP_DONE 1", "STEP_STARTED 2", "STEP_DONE 2", "STEP_STARTED 3", "STEP_DONE 3", "FINISHED");
        assertThat(SagaLog.states(log).get(id).finished()).contains(SagaResult.Outcome.COMPLETED);
        assertThat(SagaLog.states(log).get(id).input()).containsEntry("item", "42");
    }

    /**
     * Step k fails: steps k-1..0 are compensated in reverse order, the failed step (which had no effect) is
     * not, later steps never run; it is not retried (a definite failure); the error names step k, its name
     * and the reason; the log ends FINISHED COMPENSATED.
     * If this fails, check the log and the idempotency store (IDEM-1, IDEM-2).
     */
    @Test
    @ConformanceRule(id = "SAGA-2", title = "step k fails: steps k-1..0 are compensated in reverse order; the error names step k and the reason")
    public void required_SAGA2_failureCompensatesInReverse() {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), service(idem, ledger, "hold"),
                failing(idem, ledger, "charge", "card declined"), service(idem, ledger, "ship"));
        DurableLog log = backend.log(unique("saga2"));
        String id = unique("s");
        SagaResult r = orchestrator(log, def, fastConfig(), CrashHook.NONE).run("order", id, Map.of());
        assertThat(r.outcome()).isEqualTo(SagaResult.Outcome.COMPENSATED);
        assertThat(r.failedStep()).isEqualTo(2);
        assertThat(r.failedStepName()).isEqualTo("charge");
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("step 2").contains("'charge'")
                .contains("card declined"));
        assertThat(ledger.calls()).containsExactly("execute reserve", "execute hold", "execute charge (fails)",
                "compensate hold", "compensate reserve");
        for (int k = 0; k < 4; k++) {
            assertThat(ledger.net(id, k)).as("net effect of step %d", k).isZero();
        }
        assertThat(types(log, id)).containsExactly("STARTED", "STEP_STARTED 0", "STEP_DONE 0", "STEP_STARTED 1",
                "STEP_DONE 1", "STEP_STARTED 2", "STEP_FAILED 2", "COMPENSATION_STARTED 1", "COMPENSATION_DONE 1",
                "COMPENSATION_STARTED 0", "COMPENSATION_DONE 0", "FINISHED");
        assertThatThrownBy(r::orThrow).hasMessageContaining("card declined");
    }

    /**
     * A compensation that keeps failing is retried with exponential backoff and jitter (attempt gaps at least
     * the configured minimum), then the log gets COMPENSATION_FAILED and MANUAL_INTERVENTION_REQUIRED naming
     * the step, the other compensations still run, and the saga ends MANUAL_INTERVENTION_REQUIRED; a
     * compensation that fails twice and then succeeds ends COMPENSATED.
     * If this fails, check the log appends (LOG-1).
     */
    @Test
    @ConformanceRule(id = "SAGA-3", title = "a failing compensation is retried with backoff, then marked manual intervention required in the log, naming the step")
    public void required_SAGA3_compensationRetriedThenManualIntervention(TestReporter reporter) {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        List<Long> attempts = Collections.synchronizedList(new ArrayList<>());
        SagaStep refund = SagaStep.of("refund", ledger::apply, c -> {
            attempts.add(System.nanoTime());
            throw new IllegalStateException("payment service refuses refunds");
        });
        SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), refund,
                failing(idem, ledger, "ship", "no courier"));
        Duration initial = Duration.ofMillis(40);
        RemoteCalls.Settings comps = new RemoteCalls.Settings(env.scaled(Duration.ofSeconds(5)), 4, initial, 2.0, 0.5,
                Duration.ofSeconds(1));
        DurableLog log = backend.log(unique("saga3"));
        String id = unique("s");
        SagaResult r = orchestrator(log, def, fastConfig().withCompensationCalls(comps), CrashHook.NONE)
                .run("order", id, Map.of());
        assertThat(r.outcome()).isEqualTo(SagaResult.Outcome.MANUAL_INTERVENTION_REQUIRED);
        assertThat(r.manualSteps()).containsExactly(1);
        assertThat(attempts).as("compensation attempts").hasSize(4);
        List<Long> gapsMs = new ArrayList<>();
        for (int i = 1; i < attempts.size(); i++) {
            long gap = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
            gapsMs.add(gap);
            long min = (long) (initial.toMillis() * Math.pow(2, i - 1) * 0.5);
            assertThat(gap).as("gap before attempt %d (backoff %d ms x 2^%d, jitter 50%%)", i + 1, initial.toMillis(), i - 1)
                    .isGreaterThanOrEqualTo(min);
        }
        publish(reporter, "SAGA-3.backoffGapsMillis", gapsMs.toString());
        List<SagaLogRecord> manual = SagaLog.records(log).stream()
                .filter(x -> x.sagaId().equals(id) && x.type() == SagaLogRecord.Type.MANUAL_INTERVENTION_REQUIRED).toList();
        assertThat(manual).singleElement().satisfies(m -> {
            assertThat(m.step()).isEqualTo(1);
            assertThat(m.detail()).contains("'refund'").contains("refuses refunds");
        });
        assertThat(ledger.compensates(id, 0)).as("the other compensation still ran").isEqualTo(1);
        assertThat(ledger.net(id, 0)).isZero();
        assertThat(SagaLog.states(log).get(id).finished()).contains(SagaResult.Outcome.MANUAL_INTERVENTION_REQUIRED);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("MANUAL INTERVENTION"));

        AtomicInteger flaky = new AtomicInteger();
        SagaStep flakyRefund = SagaStep.of("refund", ledger::apply, c -> {
            if (flaky.incrementAndGet() <= 2) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "payment service down");
            }
            ledger.undo(c);
        });
        SagaDefinition def2 = SagaDefinition.of("order", flakyRefund, failing(idem, ledger, "ship", "no courier"));
        String id2 = unique("s");
        SagaResult r2 = orchestrator(log, def2, fastConfig().withCompensationCalls(comps), CrashHook.NONE)
                .run("order", id2, Map.of());
        assertThat(r2.outcome()).isEqualTo(SagaResult.Outcome.COMPENSATED);
        assertThat(flaky.get()).as("attempts of the flaky compensation").isEqualTo(3);
        assertThat(ledger.net(id2, 0)).isZero();
    }

    /**
     * A step that does not finish within its timeout counts as failed; since it may have happened, it is
     * compensated too (with the earlier steps): both when it had applied its effect before hanging and when
     * it had not. The error says it timed out and the log records the failure as "maybe" having taken effect.
     * If this fails, check that the backend's idempotency store lets a compensation see the outcome of an
     * interrupted step (IDEM-2, IDEM-3).
     */
    @Test
    @ConformanceRule(id = "SAGA-5", title = "a step that times out counts as failed and is compensated")
    public void required_SAGA5_timedOutStepIsCompensated() {
        for (boolean appliedBeforeHang : new boolean[] {true, false}) {
            Ledger ledger = new Ledger();
            IdempotencyStore idem = idempotency();
            CountDownLatch never = new CountDownLatch(1);
            Duration timeout = env.scaled(Duration.ofMillis(300));
            SagaStep slow = IdempotentStep.of(idem, SagaStep.of("charge", c -> {
                if (appliedBeforeHang) {
                    ledger.apply(c);
                }
                never.await();
            }, ledger::undo, timeout));
            SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), slow,
                    service(idem, ledger, "ship"));
            DurableLog log = backend.log(unique("saga5"));
            String id = unique("s");
            long t0 = System.nanoTime();
            SagaResult r = orchestrator(log, def, fastConfig(), CrashHook.NONE).run("order", id, Map.of());
            String where = appliedBeforeHang ? "step applied its effect, then hung" : "step hung before its effect";
            assertThat(r.outcome()).as(where).isEqualTo(SagaResult.Outcome.COMPENSATED);
            assertThat(r.failedStep()).isEqualTo(1);
            assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("'charge'").contains("timed out"));
            assertThat(ledger.compensates(id, 1)).as(where + ": the timed-out step is compensated").isEqualTo(1);
            assertThat(ledger.compensates(id, 0)).isEqualTo(1);
            assertThat(ledger.executes(id, 2)).as("later steps never run").isZero();
            for (int k = 0; k < 3; k++) {
                assertThat(ledger.net(id, k)).as(where + ": net effect of step %d", k).isZero();
            }
            assertThat(SagaLog.records(log).stream()
                    .filter(x -> x.sagaId().equals(id) && x.type() == SagaLogRecord.Type.STEP_FAILED))
                    .singleElement().satisfies(x -> assertThat(x.detail()).startsWith("maybe:"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the timeout cut the step short")
                    .isLessThan(env.operationBound());
        }
    }

    /**
     * Redelivery has no second effect: a step whose reply is lost (it applied its effect, then the call failed
     * with a timeout) is retried by the orchestrator and not applied again; a compensation whose reply is lost
     * is retried and not undone twice; delivering the same execution or compensation directly twice has one
     * effect.
     * If this fails, check the idempotency store: a completed key must replay COMPLETED (IDEM-2).
     */
    @Test
    @ConformanceRule(id = "SAGA-6", title = "re-delivering a step or a compensation has no second effect")
    public void required_SAGA6_redeliveryHasNoSecondEffect() throws Exception {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        SagaStep charge = service(idem, ledger, "charge");
        AtomicInteger deliveries = new AtomicInteger();
        SagaStep lossyCharge = SagaStep.of("charge", c -> {
            deliveries.incrementAndGet();
            charge.execute(c);
            if (deliveries.get() == 1) {
                throw new BackendException(BackendException.Kind.TIMEOUT, true, "reply lost");
            }
        }, charge::compensate);
        SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), lossyCharge);
        DurableLog log = backend.log(unique("saga6"));
        String id = unique("s");
        SagaResult r = orchestrator(log, def, fastConfig(), CrashHook.NONE).run("order", id, Map.of());
        assertThat(r.outcome()).isEqualTo(SagaResult.Outcome.COMPLETED);
        assertThat(deliveries.get()).as("the step was delivered twice").isEqualTo(2);
        assertThat(ledger.executes(id, 1)).as("but applied once").isEqualTo(1);

        SagaStep reserve = service(idem, ledger, "reserve");
        AtomicInteger compDeliveries = new AtomicInteger();
        SagaStep lossyReserve = SagaStep.of("reserve", reserve::execute, c -> {
            compDeliveries.incrementAndGet();
            reserve.compensate(c);
            if (compDeliveries.get() == 1) {
                throw new BackendException(BackendException.Kind.TIMEOUT, true, "reply lost");
            }
        });
        SagaDefinition def2 = SagaDefinition.of("order", lossyReserve, failing(idem, ledger, "charge", "declined"));
        String id2 = unique("s");
        SagaResult r2 = orchestrator(log, def2, fastConfig(), CrashHook.NONE).run("order", id2, Map.of());
        assertThat(r2.outcome()).isEqualTo(SagaResult.Outcome.COMPENSATED);
        assertThat(compDeliveries.get()).as("the compensation was delivered twice").isEqualTo(2);
        assertThat(ledger.compensates(id2, 0)).as("but undone once").isEqualTo(1);
        assertThat(ledger.net(id2, 0)).isZero();

        String id3 = unique("s");
        StepContext exec = new StepContext(id3, "order", 0, "reserve", StepContext.Phase.EXECUTE, Map.of());
        StepContext comp = new StepContext(id3, "order", 0, "reserve", StepContext.Phase.COMPENSATE, Map.of());
        reserve.execute(exec);
        reserve.execute(exec);
        assertThat(ledger.executes(id3, 0)).as("direct double delivery of an execution").isEqualTo(1);
        reserve.compensate(comp);
        reserve.compensate(comp);
        assertThat(ledger.compensates(id3, 0)).as("direct double delivery of a compensation").isEqualTo(1);
        assertThat(ledger.net(id3, 0)).isZero();
        reserve.execute(exec);
        assertThat(ledger.executes(id3, 0)).as("a late redelivery after the compensation has no effect").isEqualTo(1);
        assertThat(ledger.net(id3, 0)).isZero();

        String id4 = unique("s");
        StepContext exec4 = new StepContext(id4, "order", 0, "reserve", StepContext.Phase.EXECUTE, Map.of());
        reserve.compensate(new StepContext(id4, "order", 0, "reserve", StepContext.Phase.COMPENSATE, Map.of()));
        assertThat(ledger.compensates(id4, 0)).as("compensating a step that never ran calls no undo").isZero();
        assertThatThrownBy(() -> reserve.execute(exec4)).as("an execution arriving after its compensation must not run")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("compensated before it ran");
        assertThat(ledger.executes(id4, 0)).isZero();
    }

    /**
     * A saga run is one trace: a root span {@code saga <name>} and, as its direct children, one span per step
     * ({@code saga.step <step>}) and per compensation ({@code saga.compensate <step>}); the failed step has
     * status ERROR, the others do not; compensations appear in reverse order.
     * If this fails, check that nothing in the backend's calls replaces the current OpenTelemetry context.
     */
    @Test
    @ConformanceRule(id = "TRACE-4", title = "a saga produces one trace with a child span per step and per compensation, error status on the failed step")
    public void required_TRACE4_sagaIsOneTrace() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("dsbench-kit");
            Ledger ledger = new Ledger();
            IdempotencyStore idem = idempotency();
            SagaDefinition def = SagaDefinition.of("order", service(idem, ledger, "reserve"), service(idem, ledger, "hold"),
                    failing(idem, ledger, "charge", "card declined"));
            SagaOrchestrator orch = new SagaOrchestrator(backend.log(unique("trace4")), List.of(def), fastConfig(),
                    tracer, CrashHook.NONE);
            orch.run("order", unique("s"), Map.of());
            List<SpanData> spans = exporter.getFinishedSpanItems();
            Set<String> traces = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
            assertThat(traces).as("one trace").hasSize(1);
            SpanData root = spans.stream().filter(s -> s.getName().equals("saga order")).findFirst().orElseThrow(
                    () -> new AssertionError("no root span 'saga order' among " + names(spans)));
            List<SpanData> children = spans.stream().filter(s -> s.getParentSpanId().equals(root.getSpanId()))
                    .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos())).toList();
            assertThat(names(children)).containsExactly("saga.step reserve", "saga.step hold", "saga.step charge",
                    "saga.compensate hold", "saga.compensate reserve");
            assertThat(spans).hasSize(6);
            for (SpanData c : children) {
                StatusCode expected = c.getName().equals("saga.step charge") ? StatusCode.ERROR : StatusCode.UNSET;
                assertThat(c.getStatus().getStatusCode()).as("status of %s", c.getName()).isEqualTo(expected);
            }
            assertThat(children.get(2).getStatus().getDescription()).contains("card declined");
        }
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
                .map(SpanData::getName).toList();
    }
}
