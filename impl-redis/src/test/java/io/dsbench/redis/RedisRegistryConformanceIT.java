package io.dsbench.redis;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/**
 * The kit's {@code RegistryVerification} rules against the shared managed redis-server (standalone, in memory),
 * through a client whose registry event streams keep only 50 events ({@code watchRetention}), so that REG-16's
 * lagging watch falls behind the stream and must get a RESET.
 */
class RedisRegistryConformanceIT extends RegistryVerification {
    @Override
    protected Backend openBackend() {
        return Backends.open(BackendConfig.builder("redis")
                .endpoint(SharedRedis.backend().deployment().orElseThrow().primary().uri())
                .option(RedisOptions.WATCH_RETENTION, "50").build());
    }
}
