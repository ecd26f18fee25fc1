package io.dsbench.patterns.testing;

import io.dsbench.conformance.SagaChoreographyVerification;
import io.dsbench.spi.Backend;

/** SAGA-C rules against the tiny in-test backend. */
class TinySagaChoreographyTest extends SagaChoreographyVerification {
    @Override
    protected Backend openBackend() {
        return new TinyBackend();
    }
}
