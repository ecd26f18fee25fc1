package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/**
 * The kit's linearizability rules ({@code LinearizabilityVerification}: LIN-KV, LIN-LOCK, LIN-IDEM), run by
 * {@code dsbench run} against {@link KitSession#backend()}.
 */
public class KitLinearizability extends io.dsbench.lin.kit.LinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }
}
