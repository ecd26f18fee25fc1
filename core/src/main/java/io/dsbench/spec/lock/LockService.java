package io.dsbench.spec.lock;

import java.time.Duration;
import java.util.Optional;

/**
 * Named mutual-exclusion locks with leases and fencing tokens.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>At most one live grant per lock name at any time.</li>
 *   <li>A grant lives for the configured lease from acquisition or the last {@link #renew}; a holder that
 *       dies or stalls loses it within lease + the backend's tolerance.</li>
 *   <li>Every grant carries a fencing token strictly greater than all earlier tokens of that lock.</li>
 *   <li>{@link #release} and {@link #renew} succeed only for the current holder (matching token).</li>
 * </ul>
 * A lease is not a guarantee of exclusion across a paused process (it may resume after the lease ran
 * out): only fencing tokens checked by the resource give that. See {@link FencedResource}.
 *
 * <h2>Thread safety and consistency</h2>
 * Thread-safe. Linearizability of grants and tokens is declared by
 * {@link io.dsbench.spi.Capability#LINEARIZABLE_LOCKS}.
 */
public interface LockService {
    /** The config this service was opened with. */
    LockConfig config();

    /** Acquires the lock if it is free now; empty if held by someone else. */
    Optional<LockGrant> tryAcquire(String name);

    /**
     * Acquires the lock, waiting up to {@code maxWait} for it to become free.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException;

    /** Releases a grant; false if it is no longer the current grant (expired, or a wrong token). */
    boolean release(LockGrant grant);

    /** Restarts the lease of a grant; false if it is no longer the current grant. */
    boolean renew(LockGrant grant);
}
