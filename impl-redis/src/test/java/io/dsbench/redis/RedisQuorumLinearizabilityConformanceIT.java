package io.dsbench.redis;

import io.dsbench.lin.patterns.QuorumLinearizabilityVerification;
import io.dsbench.spi.Backend;

/** The kit's {@code QuorumLinearizabilityVerification} rules against the shared managed redis-server (standalone, in memory). */
class RedisQuorumLinearizabilityConformanceIT extends QuorumLinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return SharedRedis.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by every IT of this module; closed at JVM exit
    }
}
