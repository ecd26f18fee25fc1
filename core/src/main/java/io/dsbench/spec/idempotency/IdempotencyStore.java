package io.dsbench.spec.idempotency;

import java.util.Optional;

/**
 * Idempotency keys for safe retries of mutations.
 *
 * <p>The naive "look up, then record" is racy: two concurrent duplicates both see nothing and both
 * execute. Here the first step is an atomic <b>claim</b>: exactly one of any number of concurrent callers
 * gets {@link ClaimResult.Status#NEW}; the rest see {@code IN_PROGRESS}, {@code COMPLETED} or
 * {@code MISMATCH}.
 *
 * <h2>Life of a key</h2>
 * <ol>
 *   <li>{@link #claim} on an unknown key: NEW, the key is in progress for {@code lockTimeout}.</li>
 *   <li>{@link #complete} with the claim's token: the result is stored for {@code retention}; later
 *       claims with the same fingerprint get COMPLETED with that result.</li>
 *   <li>{@link #release} with the claim's token (a retryable error): the key is unknown again.</li>
 *   <li>A claim in progress for longer than {@code lockTimeout} is abandoned: the next claim is NEW with a
 *       new token, and the old token's complete or release is refused.</li>
 *   <li>After {@code retention} a completed key is unknown again.</li>
 * </ol>
 * A different fingerprint on a key in progress or completed is MISMATCH, and changes nothing. A claim is
 * <em>held</em> from its NEW until it is completed, released or abandoned: completing or releasing it a second
 * time returns false and changes nothing.
 *
 * <h2>Thread safety and consistency</h2>
 * Thread-safe; each call is atomic per key. Linearizability is declared by
 * {@link io.dsbench.spi.Capability#LINEARIZABLE_IDEMPOTENCY}.
 *
 * <h2>Errors</h2>
 * Null or empty keys or fingerprints, and a null claim or result, are {@link IllegalArgumentException}s.
 */
public interface IdempotencyStore {
    /** The config this store was opened with. */
    IdempotencyConfig config();

    /** Atomically claims {@code key} for a request with {@code fingerprint}. */
    ClaimResult claim(String key, String fingerprint);

    /**
     * Stores the result of a won claim; false (nothing stored) if the claim is no longer held. The claim is
     * named by its key and token; the key keeps the fingerprint recorded when it was claimed, whatever
     * fingerprint {@code claim} carries.
     */
    boolean complete(Claim claim, byte[] result);

    /** Gives up a won claim so a retry can proceed; false if the claim is no longer held. */
    boolean release(Claim claim);

    /** What the store holds for {@code key} (in progress or completed and live), or empty. */
    Optional<IdempotencyRecord> lookup(String key);
}
