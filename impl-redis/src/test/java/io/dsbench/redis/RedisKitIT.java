package io.dsbench.redis;

import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;

/**
 * The whole conformance kit (every kit class, LIN rules included) against the shared managed redis-server
 * (standalone, in memory). LOG-4 is skipped here (no DURABLE without AOF); {@link RedisDurableLogAofConformanceIT}
 * runs it against a server with {@code appendfsync always} and restarts it for real.
 */
class RedisKitIT extends FullKitSuite {
    @Override
    protected Backend openBackend() {
        return SharedRedis.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by every IT of this module; closed at JVM exit
    }
}
