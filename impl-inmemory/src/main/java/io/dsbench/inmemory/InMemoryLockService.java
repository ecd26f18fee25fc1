package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code inmemory} lock service: a view with its own lease on the shared locks of its namespace.
 *
 * <p>Linearizability scope: every operation runs under one lock per namespace, so grants, releases and
 * renewals are linearizable; at most one live grant per lock name exists at any instant of the backend's
 * ticker. Fencing tokens come from one counter per namespace, so they strictly increase per lock name
 * (across releases and expiries too). Leases are measured on the backend's ticker and checked lazily on
 * every access: a dead holder's lock is free the moment its lease has run out.
 *
 * <p>{@link #acquire} waits on the namespace's monitor, woken by releases and re-checking at least every
 * 10 ms for expired leases; its {@code maxWait} is measured on the system clock (so a frozen test ticker
 * cannot make it hang).
 */
final class InMemoryLockService implements LockService {
    private static final long RECHECK_NANOS = 10_000_000L;

    private final LockState state;
    private final LockConfig config;

    InMemoryLockService(LockState state, LockConfig config) {
        this.state = state;
        this.config = config;
    }

    @Override
    public LockConfig config() {
        return config;
    }

    @Override
    public Optional<LockGrant> tryAcquire(String name) {
        Checks.requireKey("name", name);
        state.backend.ensureOpen();
        synchronized (state) {
            return grantIfFree(name);
        }
    }

    /** Grants {@code name} if it is free. Caller holds the lock. */
    private Optional<LockGrant> grantIfFree(String name) {
        if (state.live(name) != null) {
            return Optional.empty();
        }
        long token = ++state.lastToken;
        state.holders.put(name, new LockState.Holder(token, config.lease(), state.backend.deadline(config.lease())));
        return Optional.of(new LockGrant(name, token));
    }

    @Override
    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
        Checks.requireKey("name", name);
        Checks.requireNonNull("maxWait", maxWait);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait = " + maxWait + " is out of range (legal range: >= 0)");
        }
        long waitNanos;
        try {
            waitNanos = maxWait.toNanos();
        } catch (ArithmeticException e) {
            waitNanos = Long.MAX_VALUE / 4;
        }
        long deadline = System.nanoTime() + Math.min(waitNanos, Long.MAX_VALUE / 4);
        synchronized (state) {
            while (true) {
                state.backend.ensureOpen();
                Optional<LockGrant> grant = grantIfFree(name);
                if (grant.isPresent()) {
                    return grant;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                long pause = Math.min(left, RECHECK_NANOS);
                state.wait(pause / 1_000_000L, (int) (pause % 1_000_000L));
            }
        }
    }

    @Override
    public boolean release(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        state.backend.ensureOpen();
        synchronized (state) {
            LockState.Holder h = state.live(grant.name());
            if (h == null || h.token() != grant.fencingToken()) {
                return false;
            }
            state.holders.remove(grant.name());
            state.notifyAll();
            return true;
        }
    }

    @Override
    public boolean renew(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        state.backend.ensureOpen();
        synchronized (state) {
            LockState.Holder h = state.live(grant.name());
            if (h == null || h.token() != grant.fencingToken()) {
                return false;
            }
            state.holders.put(grant.name(), new LockState.Holder(h.token(), h.lease(), state.backend.deadline(h.lease())));
            return true;
        }
    }

    @Override
    public String toString() {
        return "InMemoryLockService[namespace=" + config.namespace() + ", lease=" + config.lease() + "]";
    }
}
