/**
 * Multi-leader replication over any backend: N leaders (namespaces of one backend or separate backends, e.g. one
 * Redis server per region), each accepting writes locally and shipping them asynchronously to the others through
 * its own {@link io.dsbench.spec.log.DurableLog}, with a configurable replication delay and in-process partitions
 * ({@link io.dsbench.patterns.multileader.ReplicationLinks}). The engine is
 * {@link io.dsbench.patterns.multileader.MultiLeaderReplication}; three pluggable ways to resolve the conflicts that
 * concurrent writes at different leaders create:
 * <ul>
 *   <li>{@link io.dsbench.patterns.multileader.LwwStore}: last-writer-wins on a total order that never ties (hybrid
 *       logical clock, then leader id); one value per key, and the concurrent writes it dropped are counted and
 *       listed;</li>
 *   <li>{@link io.dsbench.patterns.multileader.VersionVectorStore}: version vectors detect concurrent writes and keep
 *       them all as siblings for the application to merge;</li>
 *   <li>{@link io.dsbench.patterns.multileader.CrdtStore}: state-based CRDTs merged by their join:
 *       {@link io.dsbench.patterns.multileader.GCounter}, {@link io.dsbench.patterns.multileader.PNCounter},
 *       {@link io.dsbench.patterns.multileader.LwwRegister}, {@link io.dsbench.patterns.multileader.OrSet}
 *       (add-wins).</li>
 * </ul>
 *
 * <h2>The trade-off</h2>
 * Multi-leader replication chooses availability of writes during partitions (every leader accepts writes with only
 * its local backend reachable, and at local latency) and pays with conflicts: two leaders can accept concurrent
 * writes of the same key, which no read-before-write or lock can prevent. Linearizability, and even
 * read-your-writes across leaders, is given up; what is kept is strong eventual consistency (leaders that received
 * the same writes hold the same state). The resolvers differ in what the conflict costs: lost updates
 * (last-writer-wins), work for the application (siblings), or restricted operations (CRDTs).
 *
 * <p>The MULTI kit rules ({@link io.dsbench.conformance.MultiLeaderVerification}) check convergence, declared drops,
 * siblings, partitions and the CRDT laws on every backend.
 */
package io.dsbench.patterns.multileader;
