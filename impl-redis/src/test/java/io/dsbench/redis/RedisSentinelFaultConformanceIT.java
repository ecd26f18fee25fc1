package io.dsbench.redis;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/**
 * The kit's {@code FaultVerification} rules against a managed Sentinel deployment (REPLICATED, not DURABLE): FAULT-3
 * and FAULT-4 kill the primary and wait for the Sentinels' failover.
 */
class RedisSentinelFaultConformanceIT extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return Backends.open(BackendConfig.builder("redis").option(RedisOptions.TOPOLOGY, "sentinel").build());
    }
}
