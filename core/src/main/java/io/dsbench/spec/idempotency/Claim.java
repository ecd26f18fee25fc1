package io.dsbench.spec.idempotency;

import io.dsbench.spec.Checks;

/**
 * A won claim: the holder may execute the operation and then {@link IdempotencyStore#complete complete}
 * or {@link IdempotencyStore#release release} it. The token identifies this claim: once the claim has
 * expired and someone else claimed the key, the old token is refused.
 *
 * @param key         the idempotency key
 * @param fingerprint the request fingerprint (e.g. a hash of the request body)
 * @param token       positive, strictly increasing per store
 */
public record Claim(String key, String fingerprint, long token) {
    public Claim {
        Checks.requireKey("key", key);
        Checks.requireKey("fingerprint", fingerprint);
        Checks.requireRange("token", token, 1, Long.MAX_VALUE);
    }
}
