package io.dsbench.spi;

import io.dsbench.spec.Checks;
import java.time.Duration;

/**
 * A backend's declared precision for time-based behaviour, shown in reports and used by the kit's
 * time-based rules (never a hidden fudge).
 *
 * @param ttlTolerance how far expiry may deviate from the requested TTL or lease, either way (e.g. etcd
 *                     leases have 1 s granularity); zero or positive
 * @param minTtl       the smallest TTL or lease the backend accepts (&gt; 0)
 */
public record BackendTiming(Duration ttlTolerance, Duration minTtl) {
    public BackendTiming {
        Checks.requireNonNull("ttlTolerance", ttlTolerance);
        if (ttlTolerance.isNegative()) {
            throw new IllegalArgumentException("ttlTolerance = " + ttlTolerance + " is out of range (legal range: >= 0)");
        }
        Checks.requirePositive("minTtl", minTtl);
    }
}
