package io.dsbench.patterns.testing;

import io.dsbench.conformance.SagaVerification;
import io.dsbench.spi.Backend;

/** SAGA rules and TRACE-4 against the tiny in-test backend. */
class TinySagaTest extends SagaVerification {
    @Override
    protected Backend openBackend() {
        return new TinyBackend();
    }
}
