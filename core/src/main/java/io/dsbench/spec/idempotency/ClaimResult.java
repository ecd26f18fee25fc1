package io.dsbench.spec.idempotency;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to {@link IdempotencyStore#claim}.
 *
 * @param status what the caller should do
 * @param claim  present only for {@link Status#NEW}
 * @param result present only for {@link Status#COMPLETED}: the stored result (copied)
 */
public record ClaimResult(Status status, Optional<Claim> claim, Optional<byte[]> result) {
    /** The four outcomes of a claim. */
    public enum Status {
        /** The caller won the claim and must execute the operation. */
        NEW,
        /** Another caller holds a live claim with the same fingerprint (HTTP analogue: 409 Conflict). */
        IN_PROGRESS,
        /** The operation completed earlier with the same fingerprint: replay the stored result. */
        COMPLETED,
        /** The key is in use (in progress or completed) with a different fingerprint (HTTP 422). */
        MISMATCH
    }

    public ClaimResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(result, "result");
        if ((status == Status.NEW) != claim.isPresent()) {
            throw new IllegalArgumentException("claim must be present exactly for NEW, status = " + status);
        }
        if ((status == Status.COMPLETED) != result.isPresent()) {
            throw new IllegalArgumentException("result must be present exactly for COMPLETED, status = " + status);
        }
        result = result.map(byte[]::clone);
    }

    public static ClaimResult won(Claim claim) {
        return new ClaimResult(Status.NEW, Optional.of(claim), Optional.empty());
    }

    public static ClaimResult inProgress() {
        return new ClaimResult(Status.IN_PROGRESS, Optional.empty(), Optional.empty());
    }

    public static ClaimResult completed(byte[] result) {
        return new ClaimResult(Status.COMPLETED, Optional.empty(), Optional.of(result));
    }

    public static ClaimResult mismatch() {
        return new ClaimResult(Status.MISMATCH, Optional.empty(), Optional.empty());
    }
}
