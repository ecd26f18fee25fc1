package io.dsbench.spi;

/**
 * What a backend promises beyond the required contract. Optional conformance rules need one; a backend
 * that does not declare it has those rules skipped with a message naming the capability.
 */
public enum Capability {
    /** Single-key {@code KeyValueStore} operations are linearizable (rule LIN-KV). */
    LINEARIZABLE_KV,
    /** Lock grants, releases and fencing tokens are linearizable (rule LIN-LOCK). */
    LINEARIZABLE_LOCKS,
    /** Idempotency claims and completions are linearizable (rule LIN-IDEM). */
    LINEARIZABLE_IDEMPOTENCY,
    /** {@code ServiceRegistry.watch} is supported (rule REG-10). */
    WATCH,
    /**
     * Acknowledged writes survive a crash of every server ({@link Faults#restartAll}: SIGKILL and start again), and
     * closing and reopening the backend with the same config (rules LOG-4, FAULT-1, LIN-KV-KILL).
     */
    DURABLE,
    /**
     * Expiry (TTL, leases) is enforced by the server's clock, not the client's: what a client wrote with a TTL or
     * lease expires on time although that client is gone or frozen (rule FAULT-5).
     */
    SERVER_SIDE_EXPIRY,
    /**
     * Data is replicated to several servers; the backend keeps working when a minority fails: after the leader or
     * primary is killed it serves again through the same client, tokens and versions never go back, and leases stay
     * within tolerance (rules FAULT-3, FAULT-4). Acknowledged writes survive the failover only where DURABLE is
     * declared too (asynchronous replication, e.g. Redis Sentinel, can lose the last ones).
     */
    REPLICATED,
    /**
     * The backend offers {@link Backend#faults()}: kill, start, pause and resume its server processes, and restart
     * them all. With it the kit checks that fencing tokens, KV versions and claim tokens never go back across a
     * restart, even where data is lost (FAULT-2), and that watches recover (FAULT-6).
     */
    FAULTS
}
