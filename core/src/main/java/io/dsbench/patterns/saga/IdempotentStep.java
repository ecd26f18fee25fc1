package io.dsbench.patterns.saga;

import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Makes any step idempotent with an {@link IdempotencyStore}, keyed by {@link StepContext#idempotencyKey()}
 * (saga id + step + phase): the receiver-side deduplication that makes redelivery (a retry after a lost
 * reply, a recovering orchestrator) safe. Put it where the effect happens (in the service that owns it).
 *
 * <h2>Execute</h2>
 * Claims {@code <saga>/<k>/execute}: NEW first records durably that the step is about to run (the next attempt
 * marker {@code <saga>/<k>/execute/attempt/<i>}, completed {@code attempted}; if an earlier marker is there
 * without its {@code /failed} note, an earlier delivery started the step and died with its claim held until the
 * lock timeout passed: the outcome is unknown, the execute key is completed {@code maybe} and the step is not
 * run again), then runs the inner step and completes the claim with {@code done}
 * (a failure that certainly had no effect notes {@code <marker>/failed} and releases the claim, so a retry can
 * run; one that may have had an effect completes it as {@code maybe}: it is not run again, and its compensation
 * runs the inner compensation, which must then tolerate a step that did not happen); COMPLETED {@code done}
 * returns without running; COMPLETED {@code maybe} fails with a {@link BackendException} that may have taken
 * effect (so the orchestrator compensates the step);
 * COMPLETED {@code cancelled} (compensated before it ran) fails without running; IN_PROGRESS fails with a
 * retryable {@link BackendException} (UNAVAILABLE).
 *
 * <h2>Compensate</h2>
 * Claims {@code <saga>/<k>/compensate}: COMPLETED returns (already compensated). On NEW it claims the
 * execute key too. If that is NEW (no live claim, no result), the attempt markers decide: no marker without a
 * {@code failed} note, the step never ran (or only failed cleanly), so the next marker and the execute key get
 * {@code cancelled} (a tombstone: a late execute will not run) and the inner
 * compensation is not called; present, a delivery started the step and died before completing its claim, which
 * then expired: <b>an expired claim is an unknown outcome, never "did not run"</b>, so the execute key is
 * completed {@code maybe} and the inner compensation runs (rule SAGA-7). If the execute key is
 * {@code done} or {@code maybe} it runs the inner compensation; if the step is still in progress it releases its claim and
 * fails retryably.
 *
 * <h2>Limits</h2>
 * A claim lives for the store's {@link io.dsbench.spec.idempotency.IdempotencyConfig#lockTimeout() lock
 * timeout}: a step must finish well within it (keep the step's timeout below it), or a redelivery may run it
 * a second time concurrently. Results are kept for the store's retention: redeliveries later than that are
 * not recognised.
 *
 * <p>Thread-safe if the inner step is. Consistency is the idempotency store's (per-key atomic claims).
 */
public final class IdempotentStep implements SagaStep {
    private static final byte[] DONE = "done".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CANCELLED = "cancelled".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MAYBE = "maybe".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMPENSATED = "compensated".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ATTEMPTED = "attempted".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = "failed".getBytes(StandardCharsets.UTF_8);

    private final IdempotencyStore store;
    private final SagaStep inner;

    public IdempotentStep(IdempotencyStore store, SagaStep inner) {
        this.store = Checks.requireNonNull("store", store);
        this.inner = Checks.requireNonNull("inner", inner);
    }

    /** Shorthand for {@code new IdempotentStep(store, step)}. */
    public static SagaStep of(IdempotencyStore store, SagaStep step) {
        return new IdempotentStep(store, step);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Optional<Duration> timeout() {
        return inner.timeout();
    }

    @Override
    public void execute(StepContext ctx) throws Exception {
        String key = ctx.keyFor(StepContext.Phase.EXECUTE);
        ClaimResult r = store.claim(key, fingerprint(ctx));
        switch (r.status()) {
            case NEW -> {
                Claim claim = r.claim().orElseThrow();
                String attempt = markAttempt(ctx, claim);
                try {
                    inner.execute(ctx);
                } catch (Exception e) {
                    if (OutcomeUnknownException.isUnknown(e)) {
                        store.complete(claim, MAYBE);
                    } else {
                        // without effect: a retry may run it (had this process died before marking the failure,
                        // the attempt would count as started: unknown outcome, compensated, never rerun)
                        markFailedCleanly(ctx, attempt);
                        store.release(claim);
                    }
                    throw e;
                }
                store.complete(claim, DONE);
            }
            case COMPLETED -> {
                if (Arrays.equals(r.result().orElseThrow(), CANCELLED)) {
                    throw new IllegalStateException("step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga "
                            + ctx.sagaId() + " was compensated before it ran; not running it");
                }
                if (Arrays.equals(r.result().orElseThrow(), MAYBE)) {
                    throw unknownOutcome(ctx);
                }
            }
            case IN_PROGRESS -> throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                    "step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga " + ctx.sagaId()
                            + " is in progress elsewhere (key " + key + ")");
            case MISMATCH -> throw new IllegalStateException("idempotency key " + key + " is in use by another request");
            default -> throw new IllegalStateException("unexpected claim status " + r.status());
        }
    }

    /**
     * Records durably, before the inner step runs, that this delivery is about to run it (the next free attempt
     * marker, completed {@code attempted}). Returns the marker's key if this delivery may run the step;
     * otherwise settles {@code claim} and throws: the step was compensated first ({@code cancelled}), or an
     * earlier delivery started it and neither finished nor failed cleanly (its claim expired: outcome unknown,
     * completed as {@code maybe}, never run again).
     */
    private String markAttempt(StepContext ctx, Claim claim) throws Exception {
        Attempt a;
        try {
            a = nextAttempt(ctx);
        } catch (RuntimeException e) {
            store.release(claim);
            throw e;
        }
        switch (a.state()) {
            case FREE -> {
                if (!store.complete(a.marker().orElseThrow(), ATTEMPTED)) {
                    store.release(claim);
                    throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "step " + ctx.stepIndex()
                            + " '" + ctx.stepName() + "' of saga " + ctx.sagaId() + ": its attempt marker "
                            + a.key() + " was lost before it was stored; not running it (retry)");
                }
                return a.key();
            }
            case CANCELLED -> {
                store.complete(claim, CANCELLED);
                throw new IllegalStateException("step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga "
                        + ctx.sagaId() + " was compensated before it ran; not running it");
            }
            default -> {
                store.complete(claim, MAYBE);
                throw unknownOutcome(ctx);
            }
        }
    }

    /** Where the attempt markers of a step stand. */
    private enum AttemptState {
        /** Every earlier attempt failed cleanly (or there was none): {@code marker} is the next one, claimed. */
        FREE,
        /** An earlier attempt started and did not fail cleanly: its outcome is unknown. */
        STARTED,
        /** A compensation left its tombstone: the step must never run. */
        CANCELLED
    }

    private record Attempt(AttemptState state, String key, Optional<Claim> marker) {
    }

    /**
     * Walks the attempt markers {@code <execute key>/attempt/1, /2, ...}: each is {@code attempted} (a delivery
     * started the step) or {@code cancelled} (a compensation's tombstone); {@code <marker>/failed} says that
     * attempt failed cleanly (no effect). The first free marker is claimed.
     */
    private Attempt nextAttempt(StepContext ctx) {
        for (int i = 1; ; i++) {
            String key = ctx.keyFor(StepContext.Phase.EXECUTE) + "/attempt/" + i;
            ClaimResult a = store.claim(key, fingerprint(ctx));
            switch (a.status()) {
                case NEW -> {
                    return new Attempt(AttemptState.FREE, key, a.claim());
                }
                case COMPLETED -> {
                    if (Arrays.equals(a.result().orElseThrow(), CANCELLED)) {
                        return new Attempt(AttemptState.CANCELLED, key, Optional.empty());
                    }
                    boolean failedCleanly = store.lookup(key + "/failed").map(IdempotencyRecord::completed)
                            .orElse(false);
                    if (!failedCleanly) {
                        return new Attempt(AttemptState.STARTED, key, Optional.empty());
                    }
                }
                case IN_PROGRESS -> throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "step "
                        + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga " + ctx.sagaId()
                        + " is being started or compensated elsewhere (key " + key + ")");
                default -> throw new IllegalStateException("idempotency key " + key + " is in use by another request");
            }
        }
    }

    /** Records that the attempt of marker {@code attemptKey} failed cleanly, so a later delivery may run. */
    private void markFailedCleanly(StepContext ctx, String attemptKey) {
        ClaimResult f = store.claim(attemptKey + "/failed", fingerprint(ctx));
        if (f.status() == ClaimResult.Status.NEW) {
            store.complete(f.claim().orElseThrow(), FAILED);
        }
    }

    /** A failure that may have taken effect (not retryable), so the orchestrator compensates the step. */
    private static BackendException unknownOutcome(StepContext ctx) {
        return new BackendException(BackendException.Kind.ERROR, true, "step " + ctx.stepIndex() + " '"
                + ctx.stepName() + "' of saga " + ctx.sagaId() + " was started earlier and its outcome is unknown;"
                + " not running it again (compensate it)");
    }

    @Override
    public void compensate(StepContext ctx) throws Exception {
        String key = ctx.keyFor(StepContext.Phase.COMPENSATE);
        ClaimResult r = store.claim(key, fingerprint(ctx));
        switch (r.status()) {
            case COMPLETED -> {
                return;
            }
            case IN_PROGRESS -> throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                    "compensation of step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga " + ctx.sagaId()
                            + " is in progress elsewhere (key " + key + ")");
            case MISMATCH -> throw new IllegalStateException("idempotency key " + key + " is in use by another request");
            case NEW -> {
                // handled below
            }
            default -> throw new IllegalStateException("unexpected claim status " + r.status());
        }
        var compClaim = r.claim().orElseThrow();
        try {
            ClaimResult exec = store.claim(ctx.keyFor(StepContext.Phase.EXECUTE), fingerprint(ctx));
            switch (exec.status()) {
                case NEW -> {
                    // no live claim and no result: the step never ran, or a delivery started it and died (its
                    // claim expired): the attempt marker tells which
                    if (startedEarlier(ctx, exec.claim().orElseThrow())) {
                        inner.compensate(ctx);
                    }
                }
                case COMPLETED -> {
                    byte[] res = exec.result().orElseThrow();
                    if (Arrays.equals(res, DONE) || Arrays.equals(res, MAYBE)) {
                        inner.compensate(ctx);
                    }
                }
                case IN_PROGRESS -> throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                        "step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga " + ctx.sagaId()
                                + " is still running; compensation must wait");
                default -> throw new IllegalStateException("idempotency key " + ctx.keyFor(StepContext.Phase.EXECUTE)
                        + " is in use by another request");
            }
        } catch (Exception e) {
            store.release(compClaim);
            throw e;
        }
        store.complete(compClaim, COMPENSATED);
    }

    /**
     * For a compensation that found the execute key unclaimed (holding {@code execClaim}): whether the step was
     * ever started. A free attempt marker means no delivery started it (every earlier one failed cleanly): the
     * marker and the execute key get the {@code cancelled} tombstone (a late delivery will not run); a marker
     * {@code attempted} without {@code failed} means a delivery started it and its claim expired: the outcome is
     * unknown, the execute key is completed as {@code maybe} and the step must be compensated.
     */
    private boolean startedEarlier(StepContext ctx, Claim execClaim) {
        Attempt a;
        try {
            a = nextAttempt(ctx);
        } catch (RuntimeException e) {
            store.release(execClaim);
            throw e;
        }
        if (a.state() == AttemptState.FREE && !store.complete(a.marker().orElseThrow(), CANCELLED)) {
            store.release(execClaim);
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "compensation of step "
                    + ctx.stepIndex() + " of saga " + ctx.sagaId() + ": its tombstone on " + a.key()
                    + " was lost before it was stored (retry)");
        }
        boolean started = a.state() == AttemptState.STARTED;
        store.complete(execClaim, started ? MAYBE : CANCELLED);
        return started;
    }

    private static String fingerprint(StepContext ctx) {
        return ctx.sagaName() + "/" + ctx.stepName();
    }
}
