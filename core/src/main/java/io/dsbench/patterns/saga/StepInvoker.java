package io.dsbench.patterns.saga;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.resilience.CallTimeoutException;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Optional;

/**
 * Calls a saga's steps and compensations for the {@link SagaOrchestrator}: each through {@link RemoteCalls}
 * (timeout per attempt, retries with backoff and jitter) in its own span. A step's failure is reported with
 * whether it may have taken effect ({@link OutcomeUnknownException#isUnknown}: an attempt timed out or failed
 * in a way that may have landed, this one or an earlier one); such a step is compensated. Thread-safe.
 */
final class StepInvoker {
    static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("saga.id");
    static final AttributeKey<Long> STEP_INDEX = AttributeKey.longKey("saga.step.index");
    static final AttributeKey<String> STEP_NAME = AttributeKey.stringKey("saga.step.name");

    /** A step that failed: the reason, and whether it may have taken effect. */
    record StepFailure(String reason, boolean mayHaveTakenEffect) {
    }

    private final SagaConfig config;
    private final Tracer tracer;
    private final RemoteCalls compensationCalls;

    StepInvoker(SagaConfig config, Tracer tracer) {
        this.config = config;
        this.tracer = tracer;
        this.compensationCalls = RemoteCalls.of(config.compensationCalls(), t -> !(t instanceof InterruptedException));
    }

    Optional<StepFailure> execute(SagaRun run, int k) {
        SagaStep step = run.def.steps().get(k);
        StepContext ctx = new StepContext(run.sagaId, run.def.name(), k, step.name(), StepContext.Phase.EXECUTE, run.input);
        RemoteCalls.Settings settings = step.timeout().map(t -> config.stepCalls().withTimeout(t)).orElse(config.stepCalls());
        RemoteCalls calls = RemoteCalls.of(settings,
                t -> RemoteCalls.isRetryable(t) && !(t instanceof CallTimeoutException));
        Span span = tracer.spanBuilder("saga.step " + step.name()).setParent(Context.current().with(run.root))
                .setAttribute(SAGA_ID, run.sagaId).setAttribute(STEP_INDEX, (long) k)
                .setAttribute(STEP_NAME, step.name()).startSpan();
        Context spanContext = Context.current().with(run.root).with(span);
        try {
            calls.call("saga '" + run.def.name() + "' (" + run.sagaId + ") step " + k + " '" + step.name() + "'",
                    spanContext.wrap(() -> {
                        step.execute(ctx);
                        return null;
                    }));
            return Optional.empty();
        } catch (Exception e) {
            // an unknown outcome (this attempt's or an earlier one's) may have taken effect: compensate the step
            boolean maybe = OutcomeUnknownException.isUnknown(e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = describe(e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, reason);
            return Optional.of(new StepFailure(reason, maybe));
        } finally {
            span.end();
        }
    }

    Optional<String> compensate(SagaRun run, int j, SagaStep step) {
        StepContext ctx = new StepContext(run.sagaId, run.def.name(), j, step.name(), StepContext.Phase.COMPENSATE, run.input);
        Span span = tracer.spanBuilder("saga.compensate " + step.name()).setParent(Context.current().with(run.root))
                .setAttribute(SAGA_ID, run.sagaId).setAttribute(STEP_INDEX, (long) j)
                .setAttribute(STEP_NAME, step.name()).startSpan();
        Context spanContext = Context.current().with(run.root).with(span);
        try {
            compensationCalls.call("saga '" + run.def.name() + "' (" + run.sagaId + ") compensation of step " + j
                    + " '" + step.name() + "'", spanContext.wrap(() -> {
                        step.compensate(ctx);
                        return null;
                    }));
            return Optional.empty();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            String reason = describe(e);
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, reason);
            return Optional.of(reason);
        } finally {
            span.end();
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

}
