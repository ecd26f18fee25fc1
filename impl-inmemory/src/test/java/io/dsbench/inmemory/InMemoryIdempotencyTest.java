package io.dsbench.inmemory;

import io.dsbench.conformance.IdempotencyVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The IDEM rules of the conformance kit against backend {@code inmemory}. */
class InMemoryIdempotencyTest extends IdempotencyVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
