package io.dsbench.patterns.saga;

import io.dsbench.spec.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * One step of a saga: a local transaction in some service and its compensation (a semantic undo).
 *
 * <h2>Contract the orchestrator relies on</h2>
 * <ul>
 *   <li>{@link #execute} and {@link #compensate} are <b>idempotent</b> per
 *       {@link StepContext#idempotencyKey()}: they may be delivered more than once (a retry after a lost
 *       reply, a recovering orchestrator). {@link IdempotentStep} makes any step so with an
 *       {@link io.dsbench.spec.idempotency.IdempotencyStore}.</li>
 *   <li>{@code compensate} may be called for a step whose {@code execute} was started but may not have
 *       happened (a crash or a timeout in between); it must then undo the effect if there is one and do
 *       nothing otherwise, and a late {@code execute} after it must have no effect (IdempotentStep does this
 *       with a tombstone).</li>
 *   <li>An {@code execute} that throws is failed; whether it may have had an effect is taken from
 *       {@link io.dsbench.spec.BackendException#mayHaveTakenEffect()} (a timeout: yes; anything else: no).</li>
 * </ul>
 * Implementations must be thread-safe if shared between orchestrators.
 */
public interface SagaStep {
    /** The step's name, unique within its saga (shown in errors, logs and spans). */
    String name();

    /** Performs the step. */
    void execute(StepContext context) throws Exception;

    /** Undoes the step (see the contract above). */
    void compensate(StepContext context) throws Exception;

    /** This step's timeout, overriding the saga config's default. */
    default Optional<Duration> timeout() {
        return Optional.empty();
    }

    /** A step body or compensation. */
    @FunctionalInterface
    interface Action {
        void run(StepContext context) throws Exception;
    }

    /** A step from two lambdas, with the config's default timeout. */
    static SagaStep of(String name, Action execute, Action compensate) {
        return of(name, execute, compensate, null);
    }

    /** A step from two lambdas with its own timeout ({@code null}: the config's default). */
    static SagaStep of(String name, Action execute, Action compensate, Duration timeout) {
        Checks.requireKey("name", name);
        Checks.requireNonNull("execute", execute);
        Checks.requireNonNull("compensate", compensate);
        if (timeout != null) {
            Checks.requirePositive("timeout", timeout);
        }
        return new SagaStep() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void execute(StepContext context) throws Exception {
                execute.run(context);
            }

            @Override
            public void compensate(StepContext context) throws Exception {
                compensate.run(context);
            }

            @Override
            public Optional<Duration> timeout() {
                return Optional.ofNullable(timeout);
            }

            @Override
            public String toString() {
                return "SagaStep[" + name + "]";
            }
        };
    }
}
