package io.dsbench.inmemory;

import io.dsbench.conformance.DiscoveryVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The DISC rules of the conformance kit against backend {@code inmemory}. */
class InMemoryDiscoveryTest extends DiscoveryVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
