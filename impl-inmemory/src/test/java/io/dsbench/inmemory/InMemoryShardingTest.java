package io.dsbench.inmemory;

import io.dsbench.conformance.ShardingVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The SHARD rules of the conformance kit against backend {@code inmemory}. */
class InMemoryShardingTest extends ShardingVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
