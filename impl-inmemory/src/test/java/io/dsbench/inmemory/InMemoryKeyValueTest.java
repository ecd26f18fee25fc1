package io.dsbench.inmemory;

import io.dsbench.conformance.KeyValueVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The KV rules of the conformance kit against backend {@code inmemory}. */
class InMemoryKeyValueTest extends KeyValueVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
