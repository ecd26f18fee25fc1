package io.dsbench.patterns.saga;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a saga ended.
 *
 * @param sagaId             the saga instance
 * @param sagaName           the definition
 * @param outcome            completed, compensated, or compensated except steps needing a human
 * @param failedStep         the index of the step that failed, or -1 (also -1 when a recovery rolled back an
 *                           abandoned saga in which no step had failed)
 * @param failedStepName     its name, or empty
 * @param error              why the saga did not complete: names the failing step and the reason; empty when
 *                           completed
 * @param manualSteps        steps whose compensation gave up (see the log's MANUAL_INTERVENTION_REQUIRED)
 * @param recovered          whether a recovery (not the original run) finished it
 */
public record SagaResult(String sagaId, String sagaName, Outcome outcome, int failedStep, String failedStepName,
        Optional<String> error, List<Integer> manualSteps, boolean recovered) {
    /** The end states; a saga ends in exactly one. */
    public enum Outcome {
        /** Every step done, none compensated. */
        COMPLETED,
        /** Every step that may have happened was compensated. */
        COMPENSATED,
        /** Rolled back, but the compensation of {@link #manualSteps()} failed after retries. */
        MANUAL_INTERVENTION_REQUIRED
    }

    public SagaResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        manualSteps = List.copyOf(manualSteps);
        failedStepName = failedStepName == null ? "" : failedStepName;
    }

    /** Whether every step completed. */
    public boolean completed() {
        return outcome == Outcome.COMPLETED;
    }

    /** This result, or a {@link SagaFailedException} carrying it when the saga did not complete. */
    public SagaResult orThrow() {
        if (!completed()) {
            throw new SagaFailedException(this);
        }
        return this;
    }
}
