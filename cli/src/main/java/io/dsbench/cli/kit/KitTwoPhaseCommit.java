package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/** The kit's {@code TwoPhaseCommitVerification} rules, run by {@code dsbench run} against {@link KitSession#backend()}. */
public class KitTwoPhaseCommit extends io.dsbench.conformance.TwoPhaseCommitVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }
}
