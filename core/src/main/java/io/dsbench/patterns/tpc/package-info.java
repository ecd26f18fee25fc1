/**
 * Two-phase commit over any backend: a {@link io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator} and
 * {@link io.dsbench.patterns.tpc.Participant}s (for example
 * {@link io.dsbench.patterns.tpc.KeyValueParticipant}), each with its own durable log
 * (format: {@link io.dsbench.patterns.tpc.TpcLog}).
 *
 * <h2>Why dsbench prefers sagas across services</h2>
 * Two-phase commit gives atomicity <em>and</em> isolation (no one sees a half-committed transaction), but it
 * pays with <b>blocking</b>: a participant that voted yes has promised to commit if told to, so it may not
 * abort on its own; it holds its locks until it learns the decision. If the coordinator fails after the
 * prepare phase, every prepared participant is stuck, with its data locked, until the coordinator (or its
 * recovery) comes back: rule TPC-5 shows this and measures how long. Availability is therefore the product of
 * every participant's and the coordinator's availability, lock hold times include two round trips plus a
 * forced log write per participant, and a slow participant slows everyone.
 *
 * <p>Across independently deployed services those costs are usually unacceptable: one service's outage or a
 * coordinator crash freezes rows in others, and the services must all speak the same XA-like protocol.
 * {@link io.dsbench.patterns.saga Sagas} give up isolation (intermediate states are visible, and
 * compensations are semantic undos rather than rollbacks) but never block: each step commits locally at
 * once, and a failed or crashed orchestrator is recovered by compensating or finishing, while the services
 * stay available. dsbench therefore recommends 2PC only inside one trust and failure domain (e.g. shards of
 * one database, with a replicated coordinator log) and sagas between services. Three-phase commit and
 * Paxos Commit reduce blocking at the cost of more rounds; they are not implemented here.
 *
 * <p>Conformance: rules TPC-1..6 and TRACE-5 in {@link io.dsbench.conformance.TwoPhaseCommitVerification}.
 */
package io.dsbench.patterns.tpc;
