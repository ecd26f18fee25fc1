package io.dsbench.redis;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/** The kit's {@code FaultVerification} rules against a managed redis-server with {@code appendfsync always} (DURABLE). */
class RedisFaultAofConformanceIT extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return Backends.open(BackendConfig.builder("redis").option(RedisOptions.DURABILITY, "aof-always").build());
    }
}
