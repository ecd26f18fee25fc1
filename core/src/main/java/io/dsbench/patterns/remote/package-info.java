/**
 * The call policy the caching, saga and two-phase-commit patterns put around every remote call: a timeout
 * per attempt and a retry with exponential backoff and jitter (resilience4j underneath).
 *
 * <p>{@link io.dsbench.patterns.remote.RemoteCalls} is the one place these settings live for those
 * patterns. It is deliberately small so it can delegate to the suite-wide resilience policy once that
 * exists; callers only see {@code call(operation, body)}.
 *
 * <p>Retrying a mutation is only safe when the receiver deduplicates it: the sagas pass an idempotency key
 * per step and compensation, 2PC decisions are idempotent at participants, and cache writes are idempotent
 * by value.
 */
package io.dsbench.patterns.remote;
