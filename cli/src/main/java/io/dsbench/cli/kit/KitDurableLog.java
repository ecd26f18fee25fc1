package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;

/**
 * The kit's {@code DurableLogVerification} rules, run by {@code dsbench run} against
 * {@link KitSession#backend()}. LOG-4 (records survive a restart) is not run here: the run shares one backend
 * between all kit classes and cannot restart it, so the rule is skipped with that reason; each durable
 * backend runs LOG-4 in its own test suite, where it can restart its server.
 */
public class KitDurableLog extends io.dsbench.conformance.DurableLogVerification {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend b) {
        // shared by all kit classes: the run closes it
    }

    @Override
    protected Backend reopenBackend(Backend current) {
        throw new io.dsbench.conformance.CapabilityMissingException("needs a restart of the backend, which dsbench run"
                + " cannot do (it shares one backend between all kit classes); the backend's own test suite runs LOG-4"
                + " with a real restart");
    }
}
