package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/** The kit's {@code CachingStrategyVerification} rules, run by {@code dsbench run} against {@link KitSession#backend()}. */
public class KitCachingStrategy extends io.dsbench.conformance.CachingStrategyVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }
}
