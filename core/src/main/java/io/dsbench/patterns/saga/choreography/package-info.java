/**
 * Sagas by choreography: the services of a saga react to each other's events, with no orchestrator.
 *
 * <h2>How it works</h2>
 * The saga's steps are the same {@link io.dsbench.patterns.saga.SagaDefinition} the orchestrator runs; service
 * {@code k} owns step {@code k} ({@link io.dsbench.patterns.saga.choreography.ChoreographyService}). The initiator
 * appends {@code STARTED} to an event log (a backend {@link io.dsbench.spec.log.DurableLog}: a Redis Stream, etcd keys
 * in revision order, an in-memory list); service 0 reacts with its step and {@code DONE 0}, service 1 reacts to that,
 * and so on. A service whose step fails compensates it and publishes {@code FAILED k}; the previous service
 * compensates on it and publishes {@code COMPENSATED k-1}, and so back to step 0. Each service consumes the log from
 * its own position, kept in a backend {@link io.dsbench.spec.kv.KeyValueStore}
 * ({@link io.dsbench.patterns.saga.choreography.OffsetStore}) and committed after handling: delivery is at least
 * once, in log order ({@link io.dsbench.patterns.saga.choreography.EventConsumer}).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>All or nothing: a saga ends with every step done, or with every step that may have happened compensated,
 *       whichever service fails or crashes and wherever (rule SAGA-C1), provided steps honour the
 *       {@link io.dsbench.patterns.saga.SagaStep} contract ({@link io.dsbench.patterns.saga.IdempotentStep}).</li>
 *   <li>Effects and compensations once in effect despite redelivery (crash before commit, replay, two instances of a
 *       service): steps dedupe by saga + step + phase in the backend's
 *       {@link io.dsbench.spec.idempotency.IdempotencyStore}; each fact is published at most once
 *       ({@link io.dsbench.patterns.saga.choreography.EventLog#publishOnce}, fenced with
 *       {@link io.dsbench.spec.log.DurableLog#appendAt}) (SAGA-C2).</li>
 *   <li>Traceable: every event names its cause and carries the W3C trace context, so a saga can be reconstructed
 *       from the events ({@link io.dsbench.patterns.saga.choreography.ChoreographyHistory}) and is one trace across
 *       the services (SAGA-C3).</li>
 * </ul>
 *
 * <h2>What it gives up compared with orchestration</h2>
 * No single point of control and no single point of failure: no coordinator to crash, recover or fence (the
 * orchestrator needs {@code SagaOrchestrator.recover()} and a log fence), each service scales and fails on its own,
 * and there are fewer messages (n + 1 events for n steps against 2n + 2 saga-log records plus n calls; rule SAGA-C4
 * measures both). In exchange the flow is <b>harder to follow</b> (no one place holds its state: it is reconstructed
 * from the events) and <b>harder to change</b> (the sequence is spread over the services' reactions: inserting a step
 * means changing the services on both sides of it), services depend on each other's events in <b>both directions</b>
 * (service k listens to k-1's DONE and to k+1's FAILED and COMPENSATED: a cyclic dependency that an orchestrator,
 * on which every service depends one way, avoids), there is no place to ask "how is saga X doing" or to give up
 * on a compensation that keeps failing (it blocks its service's consumer; the orchestrator marks it
 * MANUAL_INTERVENTION_REQUIRED), and reaching consistency takes the consumers' polling delays on top of the steps.
 * Like orchestrated sagas, choreography gives up isolation: other transactions see intermediate states.
 */
package io.dsbench.patterns.saga.choreography;
