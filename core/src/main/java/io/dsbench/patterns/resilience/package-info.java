/**
 * One place to configure how dsbench's patterns treat remote calls: a per-attempt timeout and retries with
 * exponential backoff plus jitter ({@link io.dsbench.patterns.resilience.ResiliencePolicy}).
 *
 * <p>Every pattern in {@code io.dsbench.patterns} that calls a backend (quorum replication, discovery, sagas,
 * two-phase commit) takes a {@code ResiliencePolicy} so that a run configures timeouts and retries once. Retries
 * are implemented with resilience4j-retry, timeouts with resilience4j-timelimiter; neither library's types appear
 * in the public API.
 *
 * <p>Retried mutations must be safe to repeat. The patterns make them so: quorum replica writes carry a fixed
 * envelope (timestamp + writer id) written as a max register, so a repeated write is a no-op; a quorum
 * compare-and-set re-reads the replica before retrying and treats its own envelope as accepted; discovery's
 * deregistration is idempotent; sagas and two-phase commit key their steps by saga or transaction id. Calls that
 * are not idempotent should use a {@code retryOn} predicate that rejects failures which may have taken effect.
 *
 * <p>A call that failed after an attempt that may have taken effect has an unknown outcome, whatever the last
 * attempt said: {@link io.dsbench.patterns.resilience.OutcomeUnknownException} (checked, from
 * {@code callChecked}) or a {@code BackendException} with {@code mayHaveTakenEffect()} (from {@code call}).
 */
package io.dsbench.patterns.resilience;
