package io.dsbench.inmemory;

import io.dsbench.lin.patterns.QuorumLinearizabilityVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The LIN-QUORUM rules against backend {@code inmemory}. */
class InMemoryQuorumLinearizabilityTest extends QuorumLinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
