package io.dsbench.patterns.testing;

import io.dsbench.conformance.CachingStrategyVerification;
import io.dsbench.spi.Backend;

/** CACHE-S rules against the tiny in-test backend (the real backends run them in their own modules). */
class TinyCachingStrategyTest extends CachingStrategyVerification {
    @Override
    protected Backend openBackend() {
        return new TinyBackend();
    }
}
