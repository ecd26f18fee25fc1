package io.dsbench.redis;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spi.Backend;

/**
 * The kit's linearizability rules (LIN-KV, LIN-LOCK, LIN-IDEM) against the shared managed redis-server: a
 * single primary, which declares all three capabilities. Each rule records a concurrent history through the
 * real server and checks it with the WGL checker; a failing history is written under
 * {@code target/dsbench-lin/}.
 */
class RedisLinearizabilityIT extends LinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return SharedRedis.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by every IT of this module; closed at JVM exit
    }
}
