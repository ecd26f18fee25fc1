package io.dsbench.spec.lock;

import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * Configuration of a {@link LockService}.
 *
 * @param namespace isolates lock services (non-empty)
 * @param lease     how long a grant lives without renewal (&gt; 0; at least the backend's
 *                  {@link io.dsbench.spi.BackendTiming#minTtl() minimum TTL})
 */
public record LockConfig(String namespace, Duration lease) {
    public LockConfig {
        Checks.requireKey("namespace", namespace);
        Checks.requirePositive("lease", lease);
    }

    /** Default lease: 10 s. */
    public static LockConfig of(String namespace) {
        return new LockConfig(namespace, Duration.ofSeconds(10));
    }
}
