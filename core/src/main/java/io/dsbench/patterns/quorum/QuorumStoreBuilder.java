package io.dsbench.patterns.quorum;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.KeyValueStore;

import java.time.Duration;
import java.util.List;

/** Builder of a {@link QuorumReplicatedStore}; validates at {@link #build()}. Not thread-safe. */
public final class QuorumStoreBuilder {
    final QuorumConfig config;
    final List<KeyValueStore> replicas;
    String namespace;
    int writerId = -1;
    HybridLogicalClock clock = new HybridLogicalClock();
    ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
    Tracing tracing = Tracing.off();
    Duration deadline = Duration.ofSeconds(10);

    QuorumStoreBuilder(QuorumConfig config, List<KeyValueStore> replicas) {
        this.config = Checks.requireNonNull("config", config);
        this.replicas = List.copyOf(Checks.requireNonNull("replicas", replicas));
    }

    /** A name for messages and reports (default {@code quorum(<first replica's namespace>,...)}). */
    public QuorumStoreBuilder namespace(String namespace) {
        this.namespace = Checks.requireKey("namespace", namespace);
        return this;
    }

    /**
     * This writer's id, 0..{@value QuorumEnvelope#MAX_WRITER}, part of every version it writes. Stores sharing
     * replicas need distinct ids, or two of their writes in the same millisecond can share a version. Default:
     * the next id of a JVM-wide counter (distinct among up to 1,024 stores of one process); give stores in
     * different processes ids of their own.
     */
    public QuorumStoreBuilder writerId(int writerId) {
        this.writerId = Checks.requireRange("writerId", writerId, 0, QuorumEnvelope.MAX_WRITER);
        return this;
    }

    /** The clock (default on the system clock). */
    public QuorumStoreBuilder clock(HybridLogicalClock clock) {
        this.clock = Checks.requireNonNull("clock", clock);
        return this;
    }

    /** Timeout and retry policy for each replica call (default {@link ResiliencePolicy#ofDefaults()}). */
    public QuorumStoreBuilder policy(ResiliencePolicy policy) {
        this.policy = Checks.requireNonNull("policy", policy);
        return this;
    }

    /** Tracing of quorum operations (default off). */
    public QuorumStoreBuilder tracing(Tracing tracing) {
        this.tracing = Checks.requireNonNull("tracing", tracing);
        return this;
    }

    /** How long an operation waits for enough answers (default 10 s). */
    public QuorumStoreBuilder deadline(Duration deadline) {
        this.deadline = Checks.requirePositive("deadline", deadline);
        return this;
    }

    QuorumStoreBuilder validated() {
        if (replicas.size() != config.n()) {
            throw new IllegalArgumentException("replicas has " + replicas.size() + " stores but N = "
                    + config.n());
        }
        for (int i = 0; i < replicas.size(); i++) {
            Checks.requireNonNull("replicas[" + i + "]", replicas.get(i));
            for (int j = 0; j < i; j++) {
                if (replicas.get(j) == replicas.get(i)) {
                    throw new IllegalArgumentException("replicas[" + i + "] is the same store as replicas[" + j
                            + "]");
                }
            }
        }
        return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException when the number of replicas is not N or a replica is null or repeated
     */
    public QuorumReplicatedStore build() {
        return new QuorumReplicatedStore(validated());
    }
}
