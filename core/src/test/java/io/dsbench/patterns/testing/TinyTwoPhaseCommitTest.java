package io.dsbench.patterns.testing;

import io.dsbench.conformance.TwoPhaseCommitVerification;
import io.dsbench.spi.Backend;

/** TPC rules and TRACE-5 against the tiny in-test backend. */
class TinyTwoPhaseCommitTest extends TwoPhaseCommitVerification {
    @Override
    protected Backend openBackend() {
        return new TinyBackend();
    }
}
