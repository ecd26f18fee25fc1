package io.dsbench.inmemory;

import io.dsbench.conformance.TracingVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The TRACE rules of the conformance kit against backend {@code inmemory}. */
class InMemoryTracingTest extends TracingVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
