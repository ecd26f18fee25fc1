package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.util.Optional;

/**
 * The {@code inmemory} idempotency store: a view with its own {@link IdempotencyConfig} on the shared
 * records of its namespace.
 *
 * <p>Linearizability scope: every operation runs under one lock per namespace, so claim, complete, release
 * and lookup are linearizable; exactly one of any number of concurrent claims of an unknown key is NEW.
 * Claim tokens come from one counter per namespace and strictly increase. The lock timeout and retention
 * are those of the store that made the claim or completed it, measured on the backend's ticker and
 * checked lazily on every access.
 */
final class InMemoryIdempotencyStore implements IdempotencyStore {
    private final IdempotencyState state;
    private final IdempotencyConfig config;

    InMemoryIdempotencyStore(IdempotencyState state, IdempotencyConfig config) {
        this.state = state;
        this.config = config;
    }

    @Override
    public IdempotencyConfig config() {
        return config;
    }

    @Override
    public ClaimResult claim(String key, String fingerprint) {
        Checks.requireKey("key", key);
        Checks.requireKey("fingerprint", fingerprint);
        state.backend.ensureOpen();
        synchronized (state) {
            IdempotencyState.Rec r = state.live(key);
            if (r == null) {
                long token = ++state.lastToken;
                state.records.put(key, new IdempotencyState.Rec(fingerprint, token, false, null,
                        state.backend.deadline(config.lockTimeout())));
                return ClaimResult.won(new Claim(key, fingerprint, token));
            }
            if (!r.fingerprint().equals(fingerprint)) {
                return ClaimResult.mismatch();
            }
            return r.completed() ? ClaimResult.completed(r.result()) : ClaimResult.inProgress();
        }
    }

    @Override
    public boolean complete(Claim claim, byte[] result) {
        Checks.requireNonNull("claim", claim);
        Checks.requireNonNull("result", result);
        state.backend.ensureOpen();
        synchronized (state) {
            if (!holds(claim)) {
                return false;
            }
            // the fingerprint recorded at claim time stays: the token, not the Claim's fingerprint, names the claim
            String claimed = state.live(claim.key()).fingerprint();
            state.records.put(claim.key(), new IdempotencyState.Rec(claimed, claim.token(), true,
                    result.clone(), state.backend.deadline(config.retention())));
            return true;
        }
    }

    @Override
    public boolean release(Claim claim) {
        Checks.requireNonNull("claim", claim);
        state.backend.ensureOpen();
        synchronized (state) {
            if (!holds(claim)) {
                return false;
            }
            state.records.remove(claim.key());
            return true;
        }
    }

    /** Whether {@code claim} is the live, in-progress claim of its key. Caller holds the lock. */
    private boolean holds(Claim claim) {
        IdempotencyState.Rec r = state.live(claim.key());
        return r != null && !r.completed() && r.token() == claim.token();
    }

    @Override
    public Optional<IdempotencyRecord> lookup(String key) {
        Checks.requireKey("key", key);
        state.backend.ensureOpen();
        synchronized (state) {
            IdempotencyState.Rec r = state.live(key);
            if (r == null) {
                return Optional.empty();
            }
            return Optional.of(new IdempotencyRecord(key, r.fingerprint(), r.completed(),
                    Optional.ofNullable(r.result())));
        }
    }

    @Override
    public String toString() {
        return "InMemoryIdempotencyStore[namespace=" + config.namespace() + "]";
    }
}
