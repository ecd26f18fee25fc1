package io.dsbench.inmemory;

import io.dsbench.conformance.QuorumVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The QUORUM rules of the conformance kit against backend {@code inmemory}. */
class InMemoryQuorumTest extends QuorumVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
