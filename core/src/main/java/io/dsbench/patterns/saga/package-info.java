/**
 * Sagas: a long business transaction across services as a sequence of local steps, each with a
 * compensation, run by an orchestrator whose state lives in a backend {@link io.dsbench.spec.log.DurableLog}.
 *
 * <p>{@link io.dsbench.patterns.saga.SagaOrchestrator} runs steps in order and, on a failure, compensates the
 * completed ones in reverse; a new orchestrator {@linkplain io.dsbench.patterns.saga.SagaOrchestrator#recover()
 * recovers} abandoned sagas from the log (log format: {@link io.dsbench.patterns.saga.SagaLog}).
 * {@link io.dsbench.patterns.saga.IdempotentStep} makes steps and compensations idempotent by saga id + step
 * with an {@link io.dsbench.spec.idempotency.IdempotencyStore}. Sagas give up isolation (other transactions
 * see intermediate states) in exchange for never blocking on a failed coordinator; see
 * {@link io.dsbench.patterns.tpc} for the comparison with two-phase commit.
 * Conformance: rules SAGA-1..8 and TRACE-4 in {@link io.dsbench.conformance.SagaVerification}. The same
 * {@link io.dsbench.patterns.saga.SagaDefinition} runs without an orchestrator, by choreography, in
 * {@link io.dsbench.patterns.saga.choreography} (rules SAGA-C1..C4, with the trade-offs between the two styles).
 */
package io.dsbench.patterns.saga;
