package io.dsbench.inmemory;

import io.dsbench.conformance.CacheStoreVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The CACHE rules of the conformance kit against backend {@code inmemory}. */
class InMemoryCacheStoreTest extends CacheStoreVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
