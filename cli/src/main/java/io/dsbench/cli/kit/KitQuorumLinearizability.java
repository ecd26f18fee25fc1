package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/** The LIN-QUORUM rules, run by {@code dsbench run} against {@link KitSession#backend()}. */
public class KitQuorumLinearizability extends io.dsbench.lin.patterns.QuorumLinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }
}
