package io.dsbench.inmemory;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The REG rules of the conformance kit against backend {@code inmemory} (watch buffer of 32 events). */
class InMemoryRegistryTest extends RegistryVerification {
    @Override
    protected Backend openBackend() {
        // a small watch buffer, so that REG-16's blocked listener overflows it and gets a RESET
        return new InMemoryBackendProvider().open(BackendConfig.builder("inmemory").option("watchBuffer", "32").build());
    }
}
