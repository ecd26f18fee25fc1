package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.Checks;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One service of a choreographed saga: it owns step {@code k} of the saga's {@link SagaDefinition} and reacts to
 * its neighbours' events, with no coordinator.
 *
 * <h2>Reactions</h2>
 * <ul>
 *   <li>{@code STARTED} (step 0) or {@code DONE k-1}: execute step k; then publish {@code DONE k}. If the step fails
 *       for good (not transiently; a failure that may have taken effect counts), compensate it first (the
 *       step contract: a compensation of a step that did not happen does nothing and stops a late execution), then
 *       publish {@code FAILED k} with the reason and whether it may have taken effect.</li>
 *   <li>{@code FAILED k+1} or {@code COMPENSATED k+1}: compensate step k, then publish {@code COMPENSATED k}.</li>
 * </ul>
 * Every event it publishes names its cause (the delivered event's sequence number) and is published at most once
 * per fact ({@link EventLog#publishOnce}); the step and its compensation must be idempotent per
 * {@link StepContext#idempotencyKey()} ({@link io.dsbench.patterns.saga.IdempotentStep}), as for the orchestrator.
 * So a redelivered event (a crash before the consumer committed, a replay, a second instance) changes nothing and
 * publishes nothing new. A handling that fails transiently throws: the consumer delivers the event again, without
 * limit (a step whose backend stays unavailable holds its service's consumer, as a compensation does). A transient
 * failure is never turned into a step failure: it may be "in progress in another instance" (duplicate consumers),
 * and compensating then could undo what that instance completes ({@code DuplicateInstanceRaceTest}).
 * Not covered: a step that fails for good in one instance and succeeds in another running the same delivery at the
 * same moment (a nondeterministic step with duplicate consumers): both outcomes race for the fence and the
 * compensation may already have run; run one instance per service, or make failures deterministic.
 *
 * <h2>Tracing</h2>
 * Each handling is a span {@code choreo.handle <service> <event>} (kind CONSUMER) whose parent is the context
 * carried by the event, i.e. the span of the service that published it: one trace per saga across all services.
 * Inside it, {@code saga.step <name>} or {@code saga.compensate <name>}. The events it publishes carry its context.
 *
 * <p>Holds no state of its own beyond its clients: a new instance after a crash continues from what is durable.
 * Thread-safe if its step is.
 */
public final class ChoreographyService {
    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("dsbench.service");
    static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("saga.id");
    static final AttributeKey<Long> EVENT_SEQUENCE = AttributeKey.longKey("dsbench.event.sequence");
    static final AttributeKey<Long> DELIVERY_ATTEMPT = AttributeKey.longKey("dsbench.delivery.attempt");

    private final SagaDefinition def;
    private final int k;
    private final SagaStep step;
    private final EventLog events;
    private final Tracing tracing;
    private final CrashHook crash;
    private final Consumer<ChoreoEvent> published;

    /**
     * @param def       the saga (shared by every service of it: the contract of its events)
     * @param k         the step this service owns
     * @param events    the event log
     * @param tracing   spans ({@link Tracing#off()} for none)
     * @param crash     crash injection at the service's boundaries (tests); {@link CrashHook#NONE} otherwise
     * @param published told of every event this service published (for measurements); may do nothing
     */
    public ChoreographyService(SagaDefinition def, int k, EventLog events, Tracing tracing, CrashHook crash,
            Consumer<ChoreoEvent> published) {
        this.def = Checks.requireNonNull("def", def);
        this.k = Checks.requireRange("k", k, 0, def.steps().size() - 1);
        this.step = def.steps().get(k);
        this.events = Checks.requireNonNull("events", events);
        this.tracing = Checks.requireNonNull("tracing", tracing);
        this.crash = Checks.requireNonNull("crash", crash);
        this.published = Checks.requireNonNull("published", published);
    }

    /** The service's name: its step's name. */
    public String name() {
        return step.name();
    }

    /** What this service does with {@code e}. */
    enum Reaction { NONE, EXECUTE, COMPENSATE }

    Reaction reactionTo(ChoreoEvent e) {
        if (!e.sagaName().equals(def.name())) {
            return Reaction.NONE;
        }
        boolean trigger = k == 0 ? e.kind() == ChoreoEvent.Kind.STARTED
                : e.kind() == ChoreoEvent.Kind.DONE && e.step() == k - 1;
        if (trigger) {
            return Reaction.EXECUTE;
        }
        boolean undo = (e.kind() == ChoreoEvent.Kind.FAILED || e.kind() == ChoreoEvent.Kind.COMPENSATED)
                && e.step() == k + 1;
        return undo ? Reaction.COMPENSATE : Reaction.NONE;
    }

    /**
     * Handles a delivered event ({@code attempt}: how many times this instance tried it, from 1: the span's attribute
     * {@code dsbench.delivery.attempt}).
     *
     * @throws Exception a transient failure: deliver the event again
     */
    void handle(EventLog.Delivered d, int attempt) throws Exception {
        ChoreoEvent e = d.event();
        Reaction r = reactionTo(e);
        if (r == Reaction.NONE) {
            return;
        }
        Attributes attrs = Attributes.of(SERVICE, name(), SAGA_ID, e.sagaId(), EVENT_SEQUENCE, d.sequence());
        try (Scope ignored = tracing.extract(e.trace()).makeCurrent()) {
            tracing.inSpan("choreo.handle " + name() + " " + e.kind() + (e.step() >= 0 ? " " + e.step() : ""),
                    SpanKind.CONSUMER, attrs, span -> {
                        span.setAttribute(DELIVERY_ATTEMPT, (long) attempt);
                        if (r == Reaction.EXECUTE) {
                            execute(d);
                        } else {
                            compensate(d);
                            publish(d, ChoreoEvent.Kind.COMPENSATED, "");
                        }
                        return null;
                    });
        }
    }

    private void execute(EventLog.Delivered d) throws Exception {
        StepContext ctx = context(d.event(), StepContext.Phase.EXECUTE);
        try {
            tracing.inSpan("saga.step " + name(), Attributes.of(SERVICE, name()), s -> {
                step.execute(ctx);
                return null;
            });
        } catch (Exception failure) {
            boolean maybe = OutcomeUnknownException.isUnknown(failure);
            if (!maybe && RemoteCalls.isRetryable(failure)) {
                // transient, or in progress in another instance (which may still complete it): never a step
                // failure, since compensating now could undo what the other instance completes; deliver again
                throw failure;
            }
            compensate(d);
            publish(d, ChoreoEvent.Kind.FAILED, (maybe ? "maybe:" : "none:") + describe(failure));
            return;
        }
        crash.at(name() + " " + d.event().sagaId() + " executed step " + k + ", before publishing DONE");
        publish(d, ChoreoEvent.Kind.DONE, "");
    }

    private void compensate(EventLog.Delivered d) throws Exception {
        StepContext ctx = context(d.event(), StepContext.Phase.COMPENSATE);
        tracing.inSpan("saga.compensate " + name(), Attributes.of(SERVICE, name()), s -> {
            step.compensate(ctx);
            return null;
        });
        crash.at(name() + " " + d.event().sagaId() + " compensated step " + k + ", before publishing");
    }

    private void publish(EventLog.Delivered cause, ChoreoEvent.Kind kind, String detail) {
        ChoreoEvent c = cause.event();
        ChoreoEvent e = new ChoreoEvent(c.sagaId(), c.sagaName(), kind, k, name(), cause.sequence(), detail, c.input(),
                tracing.inject());
        if (events.publishOnce(e)) {
            published.accept(e);
        }
        crash.at(name() + " " + c.sagaId() + " published " + kind + " " + k + ", before the offset commit");
    }

    private StepContext context(ChoreoEvent e, StepContext.Phase phase) {
        return new StepContext(e.sagaId(), def.name(), k, name(), phase, e.input());
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /** The STARTED event of a new saga of {@code def}, carrying the current trace context. */
    static ChoreoEvent started(SagaDefinition def, String sagaId, Map<String, String> input, String initiator,
            Map<String, String> trace) {
        return new ChoreoEvent(sagaId, def.name(), ChoreoEvent.Kind.STARTED, -1, initiator, 0,
                "steps=" + def.steps().size(), input, trace);
    }
}
