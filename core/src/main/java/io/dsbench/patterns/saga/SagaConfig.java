package io.dsbench.patterns.saga;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * Settings of a {@link SagaOrchestrator}.
 *
 * @param stepCalls         timeout per step attempt (the step's deadline: a step timing out counts as failed
 *                          and may have taken effect) and retries of transient step failures (a backend
 *                          unavailable or timing out inside the step); overridden per step by
 *                          {@link SagaStep#timeout()}
 * @param compensationCalls timeout and retries (with backoff and jitter) of a compensation; every failure is
 *                          retried; after the last attempt the step is marked MANUAL_INTERVENTION_REQUIRED
 * @param logCalls          timeout and retries of log appends and reads
 * @param recovery          what a recovering orchestrator does with an abandoned saga in which nothing failed
 */
public record SagaConfig(RemoteCalls.Settings stepCalls, RemoteCalls.Settings compensationCalls,
        RemoteCalls.Settings logCalls, RecoveryMode recovery) {
    /** Recovery of an abandoned saga in which no step had failed yet. */
    public enum RecoveryMode {
        /** Backward recovery: compensate every step that may have happened (the default). */
        COMPENSATE,
        /** Forward recovery: redeliver the in-doubt step (idempotently) and run the remaining steps. */
        RESUME
    }

    public SagaConfig {
        Checks.requireNonNull("stepCalls", stepCalls);
        Checks.requireNonNull("compensationCalls", compensationCalls);
        Checks.requireNonNull("logCalls", logCalls);
        Checks.requireNonNull("recovery", recovery);
    }

    /**
     * Steps: 5 s timeout, 3 attempts; compensations: 5 s timeout, 5 attempts, backoff 100 ms doubling with
     * 50% jitter up to 2 s; log: 5 s, 4 attempts; recovery COMPENSATE.
     */
    public static SagaConfig defaults() {
        RemoteCalls.Settings base = RemoteCalls.Settings.defaults();
        return new SagaConfig(base.withMaxAttempts(3),
                new RemoteCalls.Settings(Duration.ofSeconds(5), 5, Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(2)),
                base, RecoveryMode.COMPENSATE);
    }

    public SagaConfig withStepCalls(RemoteCalls.Settings s) {
        return new SagaConfig(s, compensationCalls, logCalls, recovery);
    }

    public SagaConfig withCompensationCalls(RemoteCalls.Settings s) {
        return new SagaConfig(stepCalls, s, logCalls, recovery);
    }

    public SagaConfig withRecovery(RecoveryMode mode) {
        return new SagaConfig(stepCalls, compensationCalls, logCalls, mode);
    }
}
