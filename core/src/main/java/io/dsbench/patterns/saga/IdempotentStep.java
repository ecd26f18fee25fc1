package io.dsbench.patterns.saga;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.idempotency.ClaimResult;
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
 * Claims {@code <saga>/<k>/execute}: NEW runs the inner step and completes the claim with {@code done}
 * (a failure that certainly had no effect releases it, so a retry can run; one that may have had an effect
 * completes it as {@code maybe}: it is not run again, and its compensation runs the inner compensation, which
 * must then tolerate a step that did not happen); COMPLETED {@code done} returns without running;
 * COMPLETED {@code cancelled} (compensated before it ran) fails without running; IN_PROGRESS fails with a
 * retryable {@link BackendException} (UNAVAILABLE).
 *
 * <h2>Compensate</h2>
 * Claims {@code <saga>/<k>/compensate}: COMPLETED returns (already compensated). On NEW it claims the
 * execute key too: if that is NEW the step never ran, so it completes it as {@code cancelled} (a tombstone:
 * a late execute will not run) and does not call the inner compensation; if the execute key is
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
                try {
                    inner.execute(ctx);
                } catch (Exception e) {
                    boolean maybe = e instanceof InterruptedException
                            || (e instanceof BackendException b && b.mayHaveTakenEffect());
                    if (maybe) {
                        store.complete(r.claim().orElseThrow(), MAYBE);
                    } else {
                        store.release(r.claim().orElseThrow());
                    }
                    throw e;
                }
                store.complete(r.claim().orElseThrow(), DONE);
            }
            case COMPLETED -> {
                if (Arrays.equals(r.result().orElseThrow(), CANCELLED)) {
                    throw new IllegalStateException("step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga "
                            + ctx.sagaId() + " was compensated before it ran; not running it");
                }
                if (Arrays.equals(r.result().orElseThrow(), MAYBE)) {
                    throw new IllegalStateException("step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga "
                            + ctx.sagaId() + " failed earlier with an unknown outcome; not running it again (compensate)");
                }
            }
            case IN_PROGRESS -> throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                    "step " + ctx.stepIndex() + " '" + ctx.stepName() + "' of saga " + ctx.sagaId()
                            + " is in progress elsewhere (key " + key + ")");
            case MISMATCH -> throw new IllegalStateException("idempotency key " + key + " is in use by another request");
            default -> throw new IllegalStateException("unexpected claim status " + r.status());
        }
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
                case NEW -> store.complete(exec.claim().orElseThrow(), CANCELLED);
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

    private static String fingerprint(StepContext ctx) {
        return ctx.sagaName() + "/" + ctx.stepName();
    }
}
