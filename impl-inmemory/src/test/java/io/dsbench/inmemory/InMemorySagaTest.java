package io.dsbench.inmemory;

import io.dsbench.conformance.SagaVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The saga rules (SAGA, TRACE-4) of the conformance kit against backend {@code inmemory}. */
class InMemorySagaTest extends SagaVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
