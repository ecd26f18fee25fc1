package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit's {@code DurableLogVerification} rules, run by {@code dsbench run} against
 * {@link KitSession#backend()}. LOG-4 (records survive a restart) restarts the shared backend's servers in place
 * through its {@code faults()}; a durable backend without faults (external endpoints) cannot be restarted here,
 * so the rule is skipped with that reason.
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
        Assumptions.abort("LOG-4 skipped: the backend declares DURABLE but offers no faults() (capability FAULTS), and "
                + "dsbench run shares one backend between all kit classes, so it cannot restart it");
        return current;
    }
}
