/**
 * Backend {@code inmemory}: every primitive of {@code io.dsbench.spec} as plain in-process structures.
 *
 * <p>Data lives in the opened {@link io.dsbench.inmemory.InMemoryBackend} instance and is shared by all
 * primitives of that instance with the same namespace or name; it is lost when the instance is closed
 * (no {@code DURABLE} capability).
 *
 * <p>Consistency: each namespace (or cache, or log) is guarded by one lock, and every operation runs under
 * it, so single-key operations are linearizable. Expiry (registry TTLs, cache TTLs, idempotency retention
 * and lock timeouts, lock leases) is computed from {@link io.dsbench.spi.BackendConfig#ticker()} and
 * checked lazily on every access, so it never depends on a background thread being scheduled in time; an
 * optional sweeper thread only reclaims memory early and delivers {@code EXPIRED} watch events for
 * instances nobody touches.
 */
package io.dsbench.inmemory;
