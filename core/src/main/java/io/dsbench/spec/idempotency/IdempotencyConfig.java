package io.dsbench.spec.idempotency;

import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * Configuration of an {@link IdempotencyStore}.
 *
 * @param namespace   isolates stores (non-empty)
 * @param retention   how long a completed result is kept and replayed (&gt; 0)
 * @param lockTimeout how long a claim may stay in progress before it counts as abandoned and a new
 *                    claim may proceed (&gt; 0)
 */
public record IdempotencyConfig(String namespace, Duration retention, Duration lockTimeout) {
    public IdempotencyConfig {
        Checks.requireKey("namespace", namespace);
        Checks.requirePositive("retention", retention);
        Checks.requirePositive("lockTimeout", lockTimeout);
    }

    /** Defaults: retention 24 h, lock timeout 30 s. */
    public static IdempotencyConfig of(String namespace) {
        return new IdempotencyConfig(namespace, Duration.ofHours(24), Duration.ofSeconds(30));
    }
}
