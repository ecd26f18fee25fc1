package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.OrderFlow;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.StepContext;
import io.dsbench.patterns.saga.choreography.ChoreoEvent;
import io.dsbench.patterns.saga.choreography.ChoreographyConfig;
import io.dsbench.patterns.saga.choreography.ChoreographyHistory;
import io.dsbench.patterns.saga.choreography.ChoreographyRuntime;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the SAGA-C rules share: the business flow (four services, each a step over the ledger of {@link SagaKit},
 * made idempotent with the backend's store; a saga's input {@code fail=<service>} makes that service's step fail),
 * planned crashes, a runtime over the backend's log and key-value store, and the wait for sagas to settle. The rules
 * are in {@link SagaChoreographyVerification}.
 *
 * <p>Three hooks let a test plant a defect of the pattern itself (the negative controls in impl-inmemory): the
 * step wrapper ({@link #idempotent}), the event log the services use ({@link #eventLog}) and the consumers' config
 * ({@link #choreographyConfig}).
 */
public abstract class SagaChoreographyKit extends SagaKit {
    /** The services of the flow, in order. */
    protected static final List<String> SERVICES = OrderFlow.SERVICES;

    /** Crash point inside a step: the effect is applied, its idempotency claim not yet completed. */
    protected static final String IN_STEP = OrderFlow.IN_STEP;

    /** Makes a service's step idempotent; the default is {@link IdempotentStep} (the project's mechanism). */
    protected SagaStep idempotent(IdempotencyStore idem, SagaStep step) {
        return IdempotentStep.of(idem, step);
    }

    /** The event log the services publish to and read (a test may plant a defect here). */
    protected DurableLog eventLog(DurableLog log) {
        return log;
    }

    /** The consumers' config: at least once, short backoffs, the kit's timeouts. */
    protected ChoreographyConfig choreographyConfig() {
        RemoteCalls.Settings calls = new RemoteCalls.Settings(env.scaled(Duration.ofSeconds(5)), 4, Duration.ofMillis(20),
                2.0, 0.5, Duration.ofMillis(500));
        return ChoreographyConfig.defaults().withCalls(calls);
    }

    /**
     * Idempotency for services that may crash inside a step (SAGA-C1): the claim lock timeout is short, since a
     * crashed step's claim is held until it passes: the backend's minimum TTL, at least 500 ms scaled. A step runs
     * in a few milliseconds; a slow one could only be run twice if it were delivered twice while running, and
     * SAGA-C1 runs one instance per service (redelivery happens only after an instance died). Rules with duplicate
     * consumers use {@link #idempotency()} (lock timeout 2 s or more).
     */
    protected IdempotencyStore choreoIdempotency() {
        Duration lock = max(backend.timing().minTtl(), env.scaled(Duration.ofMillis(500)));
        return backend.idempotency(new IdempotencyConfig(unique("choreo-idem"), Duration.ofHours(1), lock));
    }

    /**
     * The flow's definition ({@link OrderFlow}, the flow {@code dsbench tradeoffs} also runs): each service's step
     * applies its effect to {@code ledger}, then passes its crash hook.
     */
    protected SagaDefinition flow(IdempotencyStore idem, Ledger ledger, CrashPlan crashes) {
        OrderFlow.Effect effect = new OrderFlow.Effect() {
            @Override
            public void apply(StepContext c) {
                ledger.apply(c);
            }

            @Override
            public void undo(StepContext c) {
                ledger.undo(c);
            }
        };
        return OrderFlow.definition(service -> effect, step -> idempotent(idem, step), crashes::hook);
    }

    /** A runtime for {@code def} over a fresh log and offset namespace of the backend. */
    protected ChoreographyRuntime runtime(SagaDefinition def, String name, Tracing tracing, CrashPlan crashes,
            Consumer<ChoreoEvent> listener) {
        DurableLog log = eventLog(backend.log(unique(name)));
        return new ChoreographyRuntime(def, log, backend.keyValue(unique(name + "-offsets")), choreographyConfig(),
                tracing, crashes::hook, listener);
    }

    /**
     * Waits until every saga in {@code sagaIds} has settled and the services are quiescent (every service committed
     * the whole log, and nothing was appended since the log was read). Fails at once, naming each saga's events, if
     * the services are quiescent with a saga not settled (an event was lost: nothing will ever move it on), or
     * after {@code bound}.
     */
    protected ChoreographyHistory awaitSettled(String rule, ChoreographyRuntime rt, Collection<String> sagaIds,
            Duration bound) {
        ChoreographyHistory[] seen = new ChoreographyHistory[1];
        boolean[] stopped = {false};
        boolean ended = env.await(bound, () -> {
            ChoreographyHistory h = ChoreographyHistory.read(rt.events());
            seen[0] = h;
            boolean settled = sagaIds.stream().allMatch(id -> h.flow(id).map(ChoreographyHistory.Flow::settled)
                    .orElse(false));
            boolean quiet = quiescentAt(rt, h.lastSequence());
            stopped[0] = quiet && !settled;
            return quiet;
        });
        ChoreographyHistory h = seen[0];
        if (!ended) {
            throw new AssertionError(rule + ": not settled within " + bound.toMillis() + " ms: " + describe(h, sagaIds)
                    + "; " + rt.stats() + "; instance deaths: " + rt.deaths());
        }
        if (stopped[0]) {
            throw new AssertionError(rule + ": the services stopped (all committed the whole log, " + h.lastSequence()
                    + " events) but not every saga settled (an event was lost: nothing will move it on): "
                    + describe(h, sagaIds) + "; instance deaths: " + rt.deaths());
        }
        return h;
    }

    private static boolean quiescentAt(ChoreographyRuntime rt, long last) {
        for (String s : SERVICES) {
            if (rt.offsets().committed(s) < last) {
                return false;
            }
        }
        return rt.events().lastSequence() == last;
    }

    /** Each saga's outcome and events, for messages. */
    protected static String describe(ChoreographyHistory h, Collection<String> sagaIds) {
        StringBuilder b = new StringBuilder();
        for (String id : sagaIds) {
            b.append("\n  saga ").append(id).append(": ");
            h.flow(id).ifPresentOrElse(f -> b.append(f.outcome()).append(' ').append(f.chain())
                    .append(f.problems().isEmpty() ? "" : " problems " + f.problems()), () -> b.append("no events"));
        }
        return b.toString();
    }

    /** How long a flow with a crash inside a step may take: the claim's lock timeout, the tolerance, 10 s scaled. */
    protected Duration settleBound(IdempotencyStore idem) {
        return idem.config().lockTimeout().plus(tolerance()).plus(env.operationBound());
    }

    /**
     * Planned crashes: each service's hook crashes (a {@link SimulatedCrash}, the instance dies) the first time it
     * passes a point containing one of the planned fragments (e.g. {@code "payment s-1 " + IN_STEP}). Thread-safe.
     */
    protected static final class CrashPlan {
        private final Map<String, List<String>> planned = new ConcurrentHashMap<>();
        private final List<String> fired = new CopyOnWriteArrayList<>();

        /** No crashes. */
        static CrashPlan none() {
            return new CrashPlan();
        }

        /** Plans a crash of {@code service} at the first point containing {@code fragment}. */
        CrashPlan crash(String service, String fragment) {
            planned.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>()).add(fragment);
            return this;
        }

        CrashHook hook(String service) {
            return point -> {
                List<String> mine = planned.getOrDefault(service, List.of());
                for (String f : mine) {
                    if (point.contains(f) && mine.remove(f)) {
                        fired.add(point);
                        throw new SimulatedCrash(point);
                    }
                }
            };
        }

        /** The points crashed at. */
        List<String> fired() {
            return List.copyOf(fired);
        }

        /** Fragments planned that no crash has matched yet. */
        List<String> pending() {
            List<String> out = new ArrayList<>();
            planned.forEach((s, l) -> l.forEach(f -> out.add(s + ": " + f)));
            return out;
        }
    }

    /** Asserts the saga's ledger is all or nothing, as its outcome says, with every effect applied at most once. */
    protected static void assertAllOrNothing(String rule, Ledger ledger, ChoreographyHistory.Flow flow) {
        int expected = flow.outcome() == ChoreographyHistory.Outcome.COMPLETED ? 1 : 0;
        for (int k = 0; k < SERVICES.size(); k++) {
            String what = rule + ": saga " + flow.sagaId() + " ended " + flow.outcome() + " (" + flow.chain() + "); step "
                    + k + " '" + SERVICES.get(k) + "'";
            assertThat(ledger.executes(flow.sagaId(), k)).as(what + " applied at most once").isLessThanOrEqualTo(1);
            assertThat(ledger.net(flow.sagaId(), k)).as(what + ": net effect (all or nothing)").isEqualTo(expected);
        }
    }
}
