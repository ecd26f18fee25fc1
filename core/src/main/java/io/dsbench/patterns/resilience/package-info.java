/**
 * One place to configure how dsbench's patterns treat remote calls: a per-attempt timeout and retries with
 * exponential backoff plus jitter ({@link io.dsbench.patterns.resilience.ResiliencePolicy}).
 *
 * <p>Every pattern in {@code io.dsbench.patterns} that calls a backend (quorum replication, discovery, sagas,
 * two-phase commit) takes a {@code ResiliencePolicy} so that a run configures timeouts and retries once. Retries
 * are implemented with resilience4j-retry, timeouts with resilience4j-timelimiter; neither library's types appear
 * in the public API.
 */
package io.dsbench.patterns.resilience;
