package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/**
 * The kit's {@code FaultVerification} rules (FAULT-*), run by {@code dsbench run} against {@link KitSession#backend()}.
 * They restart the shared backend's own servers in place through its {@code faults()}, so they need no backend of
 * their own; backends without capability FAULTS skip them.
 */
public class KitFaults extends io.dsbench.conformance.FaultVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }
}
