package io.dsbench.tradeoffs;

import java.util.Locale;

/**
 * The rows of the specification's trade-off table: a design decision, its advantage and its disadvantage as the
 * specification states them in words. {@code dsbench tradeoffs} puts a measured figure beside each of those words.
 *
 * <p>The wording is the specification's table restated; the ids are stable (they key {@code tradeoffs.json}).
 */
public enum Row {
    STRONG_CONSISTENCY("strong-consistency", "Strong consistency",
            "etcd linearizable reads; quorum reads and writes with W + R > N (ABD)",
            "Every read returns the latest acknowledged write: no stale reads.",
            "Reads and writes wait for a quorum: higher latency, and the minority side of a partition cannot serve."),
    EVENTUAL_CONSISTENCY("eventual-consistency", "Eventual consistency",
            "etcd serializable reads; quorum with W + R <= N; Redis replica reads",
            "Any replica answers: lower latency, and requests keep succeeding during a partition.",
            "Reads may return stale values until the replicas converge."),
    SINGLE_LEADER("single-leader", "Single-leader replication",
            "Redis primary + replicas (Sentinel failover); etcd (Raft leader)",
            "One leader orders every write: no write conflicts to resolve.",
            "The leader is a single point of failure: writes stop until a failover elects a new one."),
    MULTI_LEADER("multi-leader", "Multi-leader replication",
            "dsbench's multi-leader stores (LWW, version vectors, CRDTs) over the backend",
            "Every leader accepts writes locally: low write latency, and writes go on during a partition between"
                    + " leaders.",
            "Concurrent writes at different leaders conflict: last-writer-wins drops some, siblings need a merge."),
    SYNC_REPLICATION("sync-replication", "Synchronous replication",
            "Redis WAIT after each write; etcd Raft (a write is acknowledged once a majority has it)",
            "A write is acknowledged only once replicas have it: none is lost when the primary fails.",
            "Every write waits for the replicas: higher write latency."),
    ASYNC_REPLICATION("async-replication", "Asynchronous replication",
            "Redis primary + replicas without WAIT",
            "The primary acknowledges alone: low write latency.",
            "Writes acknowledged but not yet copied are lost when the primary fails."),
    HASH_SHARDING("hash-sharding", "Hash sharding",
            "jump hash, consistent-hash ring, rendezvous, Maglev",
            "Keys spread evenly over the shards, even when access is skewed.",
            "Neighbouring keys land on different shards: a range scan touches every shard."),
    RANGE_SHARDING("range-sharding", "Range sharding",
            "contiguous key ranges per shard",
            "A range scan touches only the shards that hold the range.",
            "Skewed or sequential keys concentrate load on one shard: hotspots."),
    SAGA("saga", "Saga: orchestration vs choreography",
            "dsbench's saga orchestrator and its event-driven choreography on the same flow",
            "Orchestration: one coordinator drives and records the flow (one trace to read). Choreography: no"
                    + " central coordinator.",
            "Orchestration: the coordinator carries every step's load. Choreography: the flow is spread over"
                    + " events, redelivered and reconstructed from several logs."),
    CACHING("distributed-caching", "Distributed caching",
            "cache-aside, write-through, write-behind over the backend's cache and store",
            "Reads served from the cache: lower latency and less load on the store.",
            "The cache can serve stale data; write-behind loses buffered writes on a crash."),
    TWO_PHASE_COMMIT("two-phase-commit", "Two-phase commit",
            "dsbench's 2PC coordinator over key-value participants, against a saga of the same steps",
            "Atomic across participants: all commit or none do.",
            "Participants block while the coordinator is down; slower than a saga.");

    private final String id;
    private final String decision;
    private final String options;
    private final String specAdvantage;
    private final String specDisadvantage;

    Row(String id, String decision, String options, String specAdvantage, String specDisadvantage) {
        this.id = id;
        this.decision = decision;
        this.options = options;
        this.specAdvantage = specAdvantage;
        this.specDisadvantage = specDisadvantage;
    }

    /** Stable id, e.g. {@code strong-consistency}. */
    public String id() {
        return id;
    }

    /** The decision as the table names it. */
    public String decision() {
        return decision;
    }

    /** What dsbench measures for this row (the implementations compared). */
    public String options() {
        return options;
    }

    /** The specification's advantage, in words. */
    public String specAdvantage() {
        return specAdvantage;
    }

    /** The specification's disadvantage, in words. */
    public String specDisadvantage() {
        return specDisadvantage;
    }

    /** The row with this id (case-insensitive). */
    public static Row of(String id) {
        for (Row r : values()) {
            if (r.id.equalsIgnoreCase(id) || r.name().equalsIgnoreCase(id.replace('-', '_'))) {
                return r;
            }
        }
        throw new IllegalArgumentException("no trade-off row '" + id + "'; the rows are: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Row::id).toList()));
    }

    /** One of the table's two measured columns. */
    public enum Side {
        ADVANTAGE, DISADVANTAGE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
