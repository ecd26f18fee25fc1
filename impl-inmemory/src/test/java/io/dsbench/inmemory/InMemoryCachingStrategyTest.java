package io.dsbench.inmemory;

import io.dsbench.conformance.CachingStrategyVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The caching-strategy rules (CACHE-S) of the conformance kit against backend {@code inmemory}. */
class InMemoryCachingStrategyTest extends CachingStrategyVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
