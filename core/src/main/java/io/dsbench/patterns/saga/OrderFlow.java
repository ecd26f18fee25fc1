package io.dsbench.patterns.saga;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.spec.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The example business flow that dsbench runs both as an orchestrated and as a choreographed saga, so the two styles
 * are compared on one definition: four services in order ({@link #SERVICES}), each owning one step. The conformance
 * kit's SAGA-C rules and {@code dsbench tradeoffs} (row {@code saga}) both use it; each gives the step effects it
 * observes (the kit an in-memory ledger, tradeoffs the services' backend stores).
 *
 * <p>A saga whose input has {@link #FAIL}{@code =<service>} makes that service's step fail (definitely, with no
 * effect), so its predecessors are compensated. After applying its effect each step passes its service's crash hook
 * at {@code "<service> <sagaId> " + }{@link #IN_STEP} (a crash between the effect and the step's return).
 */
public final class OrderFlow {
    /** The saga's name. */
    public static final String NAME = "order";

    /** The services, in step order. */
    public static final List<String> SERVICES = List.of("order", "payment", "inventory", "shipping");

    /** The input key naming the service whose step fails. */
    public static final String FAIL = "fail";

    /** The crash point inside a step: its effect is applied, the step has not returned yet. */
    public static final String IN_STEP = "step effect applied, before its claim is completed";

    /** One service's effect and its undo (the compensation must tolerate an effect that did not happen). */
    public interface Effect {
        void apply(StepContext context) throws Exception;

        void undo(StepContext context) throws Exception;
    }

    private OrderFlow() {
    }

    /**
     * The flow's definition.
     *
     * @param effects    each service's effect, by service name
     * @param idempotent wraps each service's step (e.g. {@code s -> IdempotentStep.of(store, s)})
     * @param crashes    each service's crash hook ({@code s -> CrashHook.NONE} for none)
     */
    public static SagaDefinition definition(Function<String, Effect> effects, UnaryOperator<SagaStep> idempotent,
            Function<String, CrashHook> crashes) {
        Checks.requireNonNull("effects", effects);
        Checks.requireNonNull("idempotent", idempotent);
        Checks.requireNonNull("crashes", crashes);
        List<SagaStep> steps = new ArrayList<>();
        for (String name : SERVICES) {
            Effect effect = Checks.requireNonNull("effect of " + name, effects.apply(name));
            CrashHook crash = Checks.requireNonNull("crash hook of " + name, crashes.apply(name));
            steps.add(idempotent.apply(SagaStep.of(name, c -> {
                if (name.equals(c.input().get(FAIL))) {
                    throw new IllegalStateException(name + " refuses saga " + c.sagaId());
                }
                effect.apply(c);
                crash.at(name + " " + c.sagaId() + " " + IN_STEP);
            }, effect::undo)));
        }
        return new SagaDefinition(NAME, steps);
    }
}
