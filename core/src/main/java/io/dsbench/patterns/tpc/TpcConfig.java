package io.dsbench.patterns.tpc;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * Settings of a {@link TwoPhaseCommitCoordinator}.
 *
 * @param prepareCalls  timeout and retries of a prepare call; a participant that has not voted when they
 *                      run out counts as a no (the transaction aborts)
 * @param decisionCalls timeout and retries (backoff, jitter) of commit and abort messages; every failure is
 *                      retried; a participant still unacknowledged afterwards is left to {@code recover()}
 * @param logCalls      timeout and retries of the coordinator's log appends and reads
 */
public record TpcConfig(RemoteCalls.Settings prepareCalls, RemoteCalls.Settings decisionCalls,
        RemoteCalls.Settings logCalls) {
    public TpcConfig {
        Checks.requireNonNull("prepareCalls", prepareCalls);
        Checks.requireNonNull("decisionCalls", decisionCalls);
        Checks.requireNonNull("logCalls", logCalls);
    }

    /** Prepare: 2 s, 2 attempts; decisions: 5 s, 5 attempts from 100 ms doubling, 50% jitter; log: defaults. */
    public static TpcConfig defaults() {
        RemoteCalls.Settings base = RemoteCalls.Settings.defaults();
        return new TpcConfig(base.withTimeout(Duration.ofSeconds(2)).withMaxAttempts(2),
                new RemoteCalls.Settings(Duration.ofSeconds(5), 5, Duration.ofMillis(100), 2.0, 0.5, Duration.ofSeconds(2)),
                base);
    }

    /** A copy with another prepare timeout (one attempt). */
    public TpcConfig withPrepareTimeout(Duration timeout) {
        return new TpcConfig(prepareCalls.withTimeout(timeout).withMaxAttempts(1), decisionCalls, logCalls);
    }
}
