package io.dsbench.redis;

import io.dsbench.conformance.TracingVerification;
import io.dsbench.spi.Backend;

/** The kit's {@code TracingVerification} rules against the shared managed redis-server (standalone, in memory). */
class RedisTracingConformanceIT extends TracingVerification {
    @Override
    protected Backend openBackend() {
        return SharedRedis.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by every IT of this module; closed at JVM exit
    }
}
