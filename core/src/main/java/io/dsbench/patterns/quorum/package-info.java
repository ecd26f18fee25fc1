/**
 * Leaderless quorum replication over any backend: {@link io.dsbench.patterns.quorum.QuorumConfig} (N, W, R and the
 * promised consistency, validated), {@link io.dsbench.patterns.quorum.QuorumReplicatedStore} (a
 * {@code KeyValueStore} over N replica stores with versions made of a hybrid-logical-clock reading and the writer's
 * id, so that they are unique across writers; read repair and an ABD mode), built by
 * {@link io.dsbench.patterns.quorum.QuorumStoreBuilder},
 * {@link io.dsbench.patterns.quorum.HybridLogicalClock} and the
 * {@link io.dsbench.patterns.quorum.QuorumEnvelope} stored in replicas.
 *
 * <p>Replicas are plain {@code KeyValueStore}s, typically namespaces of one or several backends; the kit's QUORUM
 * rules use {@link io.dsbench.conformance.FaultyKeyValueStore} to make some of them unreachable or slow.
 */
package io.dsbench.patterns.quorum;
