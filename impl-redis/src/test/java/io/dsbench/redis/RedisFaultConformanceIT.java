package io.dsbench.redis;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/**
 * The kit's {@code FaultVerification} rules against a managed standalone redis-server without persistence, of its
 * own (the rules kill and restart it): FAULT-2 and FAULT-6 run, the rules needing DURABLE or REPLICATED are skipped.
 */
class RedisFaultConformanceIT extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return Backends.open(BackendConfig.managed("redis"));
    }
}
