package io.dsbench.inmemory;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The REG rules of the conformance kit against backend {@code inmemory}. */
class InMemoryRegistryTest extends RegistryVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
