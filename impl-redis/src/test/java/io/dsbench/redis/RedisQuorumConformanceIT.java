package io.dsbench.redis;

import io.dsbench.conformance.QuorumVerification;
import io.dsbench.spi.Backend;

/** The kit's {@code QuorumVerification} rules against the shared managed redis-server (standalone, in memory). */
class RedisQuorumConformanceIT extends QuorumVerification {
    @Override
    protected Backend openBackend() {
        return SharedRedis.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by every IT of this module; closed at JVM exit
    }
}
