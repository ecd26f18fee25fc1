package io.dsbench.inmemory;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The LIN rules of the conformance kit (LIN-KV, LIN-LOCK, LIN-IDEM) against backend {@code inmemory}. */
class InMemoryLinearizabilityTest extends LinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
