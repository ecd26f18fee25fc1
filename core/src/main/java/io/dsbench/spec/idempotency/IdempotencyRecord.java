package io.dsbench.spec.idempotency;

import java.util.Objects;
import java.util.Optional;

/**
 * What the store holds for a key, as seen by {@link IdempotencyStore#lookup}.
 *
 * @param key         the key
 * @param fingerprint the fingerprint of the claim
 * @param completed   false while in progress
 * @param result      the stored result when completed
 */
public record IdempotencyRecord(String key, String fingerprint, boolean completed, Optional<byte[]> result) {
    public IdempotencyRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(result, "result");
        result = result.map(byte[]::clone);
    }
}
