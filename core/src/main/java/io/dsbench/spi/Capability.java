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
    /** Data survives closing and reopening the backend with the same config, or a server restart (LOG-4). */
    DURABLE,
    /** Expiry (TTL, leases) is enforced by the server's clock, not the client's. */
    SERVER_SIDE_EXPIRY,
    /** Data is replicated to several servers; the backend keeps working when a minority fails. */
    REPLICATED
}
