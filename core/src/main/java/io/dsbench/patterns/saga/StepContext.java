package io.dsbench.patterns.saga;

import java.util.Map;

/**
 * What a step sees when it runs.
 *
 * @param sagaId    the saga instance's id
 * @param sagaName  the saga definition's name
 * @param stepIndex the step's position, 0-based
 * @param stepName  the step's name
 * @param phase     execute or compensate
 * @param input     the saga's input (immutable), as given to {@link SagaOrchestrator#run}
 */
public record StepContext(String sagaId, String sagaName, int stepIndex, String stepName, Phase phase,
        Map<String, String> input) {
    /** Whether the step is being executed or compensated. */
    public enum Phase { EXECUTE, COMPENSATE }

    public StepContext {
        input = Map.copyOf(input);
    }

    /**
     * The idempotency key of this delivery: {@code <sagaId>/<stepIndex>/execute} or {@code .../compensate}.
     * Every redelivery of the same step execution or compensation carries the same key.
     */
    public String idempotencyKey() {
        return keyFor(phase);
    }

    /** The key of this step's execution or compensation, whichever phase this context is in. */
    public String keyFor(Phase p) {
        return sagaId + "/" + stepIndex + "/" + (p == Phase.EXECUTE ? "execute" : "compensate");
    }

    /** The same step in the other phase. */
    StepContext in(Phase p) {
        return new StepContext(sagaId, sagaName, stepIndex, stepName, p, input);
    }
}
