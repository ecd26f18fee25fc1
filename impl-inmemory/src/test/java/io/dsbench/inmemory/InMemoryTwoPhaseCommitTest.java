package io.dsbench.inmemory;

import io.dsbench.conformance.TwoPhaseCommitVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The two-phase commit rules (TPC, TRACE-5) of the conformance kit against backend {@code inmemory}. */
class InMemoryTwoPhaseCommitTest extends TwoPhaseCommitVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
