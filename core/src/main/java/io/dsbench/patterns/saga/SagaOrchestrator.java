package io.dsbench.patterns.saga;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs sagas (orchestration style) and recovers abandoned ones, with every state change in a backend
 * {@link DurableLog} (format: {@link SagaLog}).
 *
 * <h2>Run</h2>
 * Steps run in order. Each is logged STEP_STARTED before it is called and STEP_DONE after it returned.
 * Each attempt has a timeout (a timed-out step counts as failed and, since it may have happened, is
 * compensated); transient failures inside a step are retried with backoff and jitter. A step whose outcome is
 * unknown (any attempt timed out or failed in a way that may have taken effect, even if a later attempt failed
 * cleanly: {@link io.dsbench.patterns.resilience.OutcomeUnknownException}) is logged STEP_FAILED "maybe" and
 * compensated. When step k fails,
 * the steps that may have happened are compensated in reverse order (k-1..0, and k itself if its failure
 * may have taken effect). A compensation is retried with backoff and jitter; when the retries run out the
 * log gets COMPENSATION_FAILED and MANUAL_INTERVENTION_REQUIRED naming the step, and the remaining
 * compensations still run. The result's error names the failing step and the reason.
 *
 * <h2>Recovery</h2>
 * {@link #recover()} on a new orchestrator over the same log finishes every saga without a FINISHED record:
 * <ul>
 *   <li>all steps done: FINISHED COMPLETED (nothing is compensated);</li>
 *   <li>rolling back already (a step failed or a compensation was logged): the remaining compensations;</li>
 *   <li>otherwise, by {@link SagaConfig#recovery()}: COMPENSATE (default) compensates every step with a
 *       STEP_STARTED record, including an in-doubt step (started, neither done nor failed), since it may have
 *       happened; RESUME redelivers the in-doubt step under its idempotency key and runs the rest.</li>
 * </ul>
 * So a saga ends either fully done or fully compensated, never both and never with a step half done,
 * provided steps honour the {@link SagaStep} contract (idempotent, compensation safe when the step did not
 * happen). Rule SAGA-4 crashes the orchestrator at every boundary and checks this.
 *
 * <h2>Tracing</h2>
 * A run is one span {@code saga <name>} (a child of the caller's current span, if any) with a child span
 * {@code saga.step <step>} per step and {@code saga.compensate <step>} per compensation; failed steps and
 * compensations have status ERROR. The step's span is current while the step runs, so calls it makes nest
 * under it. A recovery is its own trace, {@code saga.recover <name>}.
 *
 * <h2>One owner per saga (the fence)</h2>
 * A recovery cannot tell an abandoned saga from one whose orchestrator is slow but alive (a long step, a
 * pause). So every record after STARTED is appended conditionally ({@link io.dsbench.spec.log.LogFence} over
 * {@link DurableLog#appendAt}): only if no other orchestrator wrote a record of the same saga since this one
 * last looked. Whoever writes first owns the saga from then on; the other gets a
 * {@link SagaTakenOverException} at its next record and stops without calling any further step or
 * compensation ({@link #run} throws it; {@link #recover()} skips that saga). So a saga has one outcome: never
 * FINISHED twice, never a step run after a recovery started compensating (rule SAGA-8). A step already
 * running when the other orchestrator takes over still finishes; {@link IdempotentStep} makes its
 * compensation wait for it.
 *
 * <h2>Threads and ids</h2>
 * Thread-safe: several sagas may run at once, and recoveries may run while the original orchestrators still
 * run. Saga ids must be unique per log (a reused id would merge two sagas' records). A log append that fails
 * after retries is thrown (the saga stays unfinished in the log and a later recovery completes it).
 */
public final class SagaOrchestrator {
    private static final AttributeKey<String> SAGA_NAME = AttributeKey.stringKey("saga.name");
    private static final AttributeKey<String> SAGA_ID = StepInvoker.SAGA_ID;
    private static final AttributeKey<String> SAGA_OUTCOME = AttributeKey.stringKey("saga.outcome");

    private final DurableLog log;
    private final Map<String, SagaDefinition> definitions = new LinkedHashMap<>();
    private final SagaConfig config;
    private final Tracer tracer;
    private final CrashHook crash;
    private final RemoteCalls logCalls;
    private final SagaLogWriter writer;
    private final StepInvoker invoker;

    /** Default config, no tracing, no crash hook. */
    public SagaOrchestrator(DurableLog log, Collection<SagaDefinition> definitions) {
        this(log, definitions, SagaConfig.defaults(), OpenTelemetry.noop().getTracer("io.dsbench.saga"), CrashHook.NONE);
    }

    /**
     * @param log         the saga log (a backend primitive; shared by every orchestrator of these sagas)
     * @param definitions the sagas this orchestrator can run and recover (unique names)
     * @param config      timeouts, retries, recovery mode
     * @param tracer      where spans go ({@code OpenTelemetry.noop()} to turn tracing off)
     * @param crash       crash injection (tests); {@link CrashHook#NONE} in production
     */
    public SagaOrchestrator(DurableLog log, Collection<SagaDefinition> definitions, SagaConfig config, Tracer tracer,
            CrashHook crash) {
        this.log = Checks.requireNonNull("log", log);
        Checks.requireNonNull("definitions", definitions);
        for (SagaDefinition d : definitions) {
            if (this.definitions.containsKey(d.name())) {
                throw new IllegalArgumentException("definitions: saga name '" + d.name() + "' given twice");
            }
            this.definitions.put(d.name(), d);
        }
        this.config = Checks.requireNonNull("config", config);
        this.tracer = Checks.requireNonNull("tracer", tracer);
        this.crash = Checks.requireNonNull("crash", crash);
        this.logCalls = RemoteCalls.of(config.logCalls());
        this.writer = new SagaLogWriter(log, logCalls);
        this.invoker = new StepInvoker(config, tracer);
    }

    /** The log this orchestrator writes. */
    public DurableLog log() {
        return log;
    }

    /**
     * Runs saga {@code sagaName} as instance {@code sagaId}.
     *
     * @return how it ended; {@link SagaResult#error()} names the failing step and reason
     * @throws IllegalArgumentException for an unknown saga name or an empty id
     * @throws BackendException         if the log cannot be written (the saga is then left to recovery)
     * @throws SagaTakenOverException   if another orchestrator (a recovery) took the saga over while it ran
     */
    public SagaResult run(String sagaName, String sagaId, Map<String, String> input) {
        Checks.requireKey("sagaName", sagaName);
        Checks.requireKey("sagaId", sagaId);
        Checks.requireNonNull("input", input);
        SagaDefinition def = definitions.get(sagaName);
        if (def == null) {
            throw new IllegalArgumentException("sagaName = '" + sagaName + "' is not a known saga (known: "
                    + definitions.keySet() + ")");
        }
        Span root = tracer.spanBuilder("saga " + sagaName).setAttribute(SAGA_NAME, sagaName)
                .setAttribute(SAGA_ID, sagaId).startSpan();
        SagaRun run = new SagaRun(def, sagaId, Map.copyOf(input), root, false, 0);
        try {
            crash.at(point(run, "before", SagaLogRecord.Type.STARTED, -1));
            writer.started(run, def.steps().size() + ";" + SagaInput.encode(run.input));
            crash.at(point(run, "after", SagaLogRecord.Type.STARTED, -1));
            return finish(run, forward(run, 0));
        } catch (RuntimeException e) {
            root.recordException(e);
            root.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            root.end();
            throw e;
        }
    }

    /**
     * Finishes every saga in the log that has no FINISHED record (see the class javadoc).
     *
     * @return one result per recovered saga, in log order
     * @throws IllegalStateException if an unfinished saga's definition is unknown to this orchestrator or has
     *                               a different number of steps than logged
     */
    public List<SagaResult> recover() {
        SagaLog.Snapshot snapshot = logCalls.callUnchecked("saga log read " + log.name(), () -> SagaLog.snapshot(log));
        List<SagaResult> results = new ArrayList<>();
        for (SagaState st : snapshot.states().values()) {
            if (st.finished().isEmpty()) {
                try {
                    results.add(recover(st, snapshot.lastSequence()));
                } catch (SagaTakenOverException e) {
                    // another orchestrator (the original, or another recovery) wrote first: it owns the saga
                }
            }
        }
        return results;
    }

    private SagaResult recover(SagaState st, long scannedTo) {
        SagaDefinition def = definitions.get(st.sagaName());
        if (def == null) {
            throw new IllegalStateException("cannot recover saga '" + st.sagaId() + "': its definition '"
                    + st.sagaName() + "' is unknown to this orchestrator (known: " + definitions.keySet() + ")");
        }
        int n = def.steps().size();
        if (st.stepCount() != n) {
            throw new IllegalStateException("cannot recover saga '" + st.sagaId() + "': the log says "
                    + st.stepCount() + " steps, definition '" + def.name() + "' has " + n);
        }
        Span root = tracer.spanBuilder("saga.recover " + def.name()).setNoParent().setAttribute(SAGA_NAME, def.name())
                .setAttribute(SAGA_ID, st.sagaId()).startSpan();
        SagaRun run = new SagaRun(def, st.sagaId(), st.input(), root, true, scannedTo);
        int highestStarted = -1;
        boolean allDone = true;
        for (int k = 0; k < n; k++) {
            if (st.step(k) != SagaState.StepStatus.NOT_STARTED) {
                highestStarted = k;
            }
            if (st.step(k) != SagaState.StepStatus.DONE) {
                allDone = false;
            }
        }
        for (int k = 0; k < n; k++) {
            if (st.compensation(k) == SagaState.CompensationStatus.DONE) {
                run.compensated.add(k);
            }
        }
        Progress p;
        if (st.compensating()) {
            int failed = st.failedStep();
            if (failed >= 0) {
                p = Progress.failed(failed, st.failureReason().orElse("unknown"), st.failureMayHaveTakenEffect(failed));
            } else {
                p = Progress.failed(highestStarted, "abandoned saga rolled back by recovery", true);
                p = p.notAStepFailure();
            }
            p = backward(run, p);
        } else if (allDone) {
            p = Progress.success();
        } else if (config.recovery() == SagaConfig.RecoveryMode.RESUME) {
            int first = 0;
            while (st.step(first) == SagaState.StepStatus.DONE) {
                first++;
            }
            p = forward(run, first);
        } else {
            p = backward(run, Progress.failed(highestStarted, "abandoned saga rolled back by recovery", true)
                    .notAStepFailure());
        }
        try {
            return finish(run, p);
        } catch (RuntimeException e) {
            root.recordException(e);
            root.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            root.end();
            throw e;
        }
    }

    /** Runs steps from {@code from}; on a failure, compensates. */
    private Progress forward(SagaRun run, int from) {
        List<SagaStep> steps = run.def.steps();
        for (int k = from; k < steps.size(); k++) {
            append(run, SagaLogRecord.Type.STEP_STARTED, k, "");
            crash.at(point(run, "after", SagaLogRecord.Type.STEP_STARTED, k));
            Optional<StepInvoker.StepFailure> failure = invoker.execute(run, k);
            if (failure.isPresent()) {
                Progress f = Progress.failed(k, failure.get().reason(), failure.get().mayHaveTakenEffect());
                crash.at(point(run, "before", SagaLogRecord.Type.STEP_FAILED, k));
                append(run, SagaLogRecord.Type.STEP_FAILED, k, (f.mayHaveTakenEffect ? "maybe:" : "none:") + f.reason);
                crash.at(point(run, "after", SagaLogRecord.Type.STEP_FAILED, k));
                return backward(run, f);
            }
            crash.at(point(run, "before", SagaLogRecord.Type.STEP_DONE, k));
            append(run, SagaLogRecord.Type.STEP_DONE, k, "");
            crash.at(point(run, "after", SagaLogRecord.Type.STEP_DONE, k));
        }
        return Progress.success();
    }

    /** Compensates, in reverse, every step up to the failure that may have happened and is not compensated. */
    private Progress backward(SagaRun run, Progress failure) {
        int top = failure.mayHaveTakenEffect ? failure.failedStep : failure.failedStep - 1;
        List<Integer> manual = new ArrayList<>();
        for (int j = top; j >= 0; j--) {
            if (run.compensated.contains(j)) {
                continue;
            }
            SagaStep step = run.def.steps().get(j);
            append(run, SagaLogRecord.Type.COMPENSATION_STARTED, j, "");
            crash.at(point(run, "after", SagaLogRecord.Type.COMPENSATION_STARTED, j));
            Optional<String> error = invoker.compensate(run, j, step);
            if (error.isEmpty()) {
                crash.at(point(run, "before", SagaLogRecord.Type.COMPENSATION_DONE, j));
                append(run, SagaLogRecord.Type.COMPENSATION_DONE, j, "");
                run.compensated.add(j);
                crash.at(point(run, "after", SagaLogRecord.Type.COMPENSATION_DONE, j));
            } else {
                append(run, SagaLogRecord.Type.COMPENSATION_FAILED, j, error.get());
                append(run, SagaLogRecord.Type.MANUAL_INTERVENTION_REQUIRED, j,
                        "compensation of step " + j + " '" + step.name() + "' failed after "
                                + config.compensationCalls().maxAttempts() + " attempts: " + error.get());
                manual.add(j);
                crash.at(point(run, "after", SagaLogRecord.Type.MANUAL_INTERVENTION_REQUIRED, j));
            }
        }
        return failure.withManual(manual);
    }

    private SagaResult finish(SagaRun run, Progress p) {
        SagaResult.Outcome outcome = p.completed ? SagaResult.Outcome.COMPLETED
                : p.manual.isEmpty() ? SagaResult.Outcome.COMPENSATED : SagaResult.Outcome.MANUAL_INTERVENTION_REQUIRED;
        crash.at(point(run, "before", SagaLogRecord.Type.FINISHED, -1));
        append(run, SagaLogRecord.Type.FINISHED, -1, outcome.name());
        crash.at(point(run, "after", SagaLogRecord.Type.FINISHED, -1));
        Optional<String> error = Optional.empty();
        String failedName = "";
        if (!p.completed) {
            StringBuilder b = new StringBuilder("saga '").append(run.def.name()).append("' (id ").append(run.sagaId)
                    .append(") ");
            if (p.stepFailure) {
                failedName = run.def.steps().get(p.failedStep).name();
                b.append("failed at step ").append(p.failedStep).append(" '").append(failedName).append("': ")
                        .append(p.reason);
            } else {
                b.append(p.failedStep < 0 ? "was abandoned before any step ran"
                        : "was abandoned at step " + p.failedStep).append(" and rolled back by recovery");
            }
            b.append("; compensated steps ").append(new TreeSet<>(run.compensated).descendingSet());
            if (!p.manual.isEmpty()) {
                b.append("; MANUAL INTERVENTION REQUIRED for steps ").append(p.manual);
            }
            error = Optional.of(b.toString());
            run.root.setStatus(StatusCode.ERROR, error.get());
        }
        run.root.setAttribute(SAGA_OUTCOME, outcome.name());
        run.root.end();
        return new SagaResult(run.sagaId, run.def.name(), outcome, p.stepFailure ? p.failedStep : -1, failedName,
                error, p.manual, run.recovered);
    }

    private void append(SagaRun run, SagaLogRecord.Type type, int step, String detail) {
        writer.append(run, type, step, detail);
    }

    private static String point(SagaRun run, String when, SagaLogRecord.Type type, int step) {
        return "saga " + run.sagaId + (run.recovered ? " (recovery)" : "") + " " + when + " " + type
                + (step >= 0 ? " " + step : "");
    }

    /** Where a run got to. */
    private record Progress(boolean completed, int failedStep, String reason, boolean mayHaveTakenEffect,
            boolean stepFailure, List<Integer> manual) {
        static Progress success() {
            return new Progress(true, -1, "", false, false, List.of());
        }

        static Progress failed(int step, String reason, boolean maybe) {
            return new Progress(false, step, reason, maybe, true, List.of());
        }

        Progress notAStepFailure() {
            return new Progress(completed, failedStep, reason, mayHaveTakenEffect, false, manual);
        }

        Progress withManual(List<Integer> m) {
            return new Progress(completed, failedStep, reason, mayHaveTakenEffect, stepFailure, m);
        }
    }
}
