package io.dsbench.inmemory;

import io.dsbench.conformance.LockVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The LOCK rules of the conformance kit against backend {@code inmemory}. */
class InMemoryLockTest extends LockVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
