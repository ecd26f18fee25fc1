package io.dsbench.spec.lock;

import io.dsbench.spec.Checks;

/**
 * A granted lock.
 *
 * @param name         the lock's name
 * @param fencingToken positive; strictly greater than the token of every earlier grant of the same lock
 *                     (also after a lease ran out). Pass it to every write guarded by the lock, so that a
 *                     {@link FencedResource} can reject a holder that lost the lock without knowing it.
 */
public record LockGrant(String name, long fencingToken) {
    public LockGrant {
        Checks.requireKey("name", name);
        Checks.requireRange("fencingToken", fencingToken, 1, Long.MAX_VALUE);
    }
}
