package io.dsbench.inmemory;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The kit's {@code FaultVerification} rules against inmemory's simulated faults. */
class InMemoryFaultTest extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
