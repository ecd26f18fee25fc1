package io.dsbench.inmemory;

import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/**
 * The LOG rules of the conformance kit against backend {@code inmemory}. LOG-4 is skipped: the backend does
 * not declare DURABLE (its data lives in the opened instance).
 */
class InMemoryDurableLogTest extends DurableLogVerification {
    @Override
    protected Backend openBackend() {
        return new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    }
}
