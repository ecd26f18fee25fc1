package io.dsbench.redis;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/**
 * The kit's linearizability rules against a managed redis-server of its own with {@code appendfsync always}
 * (DURABLE): besides LIN-KV, LIN-LOCK, LIN-IDEM and LIN-KV-LOST, LIN-KV-KILL runs (the primary is killed with SIGKILL
 * and started again during the workload).
 */
class RedisLinearizabilityAofIT extends LinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return Backends.open(BackendConfig.builder("redis").option(RedisOptions.DURABILITY, "aof-always").build());
    }
}
