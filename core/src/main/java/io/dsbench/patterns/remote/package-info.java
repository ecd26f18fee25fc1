/**
 * The call policy the caching, saga and two-phase-commit patterns put around every remote call: a timeout
 * per attempt and a retry with exponential backoff and jitter (resilience4j underneath).
 *
 * <p>{@link io.dsbench.patterns.remote.RemoteCalls} is a thin adapter over the suite-wide
 * {@link io.dsbench.patterns.resilience.ResiliencePolicy}: every call runs through the policy's one
 * timeout-and-retry implementation, and its numbers can come from a policy ({@code RemoteCalls.from(policy)},
 * {@code SagaConfig.from(policy)}, {@code TpcConfig.from(policy)}), so a run configures them in one place.
 *
 * <p>Retrying a mutation is only safe when the receiver deduplicates it: the sagas pass an idempotency key
 * per step and compensation, 2PC decisions are idempotent at participants, and cache writes are idempotent
 * by value.
 */
package io.dsbench.patterns.remote;
