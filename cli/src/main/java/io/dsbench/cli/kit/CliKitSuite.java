package io.dsbench.cli.kit;

import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;
import java.util.Set;

/**
 * Every kit class ({@link FullKitSuite}), run by {@code dsbench run} against {@link KitSession#backend()}:
 * the same entry point a backend's own tests use. The run closes the backend, not the suite.
 */
public class CliKitSuite extends FullKitSuite {
    @Override
    protected Backend openBackend() {
        return KitSession.backend();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared by the run: the run closes it
    }

    @Override
    protected Set<Scope> scopes() {
        return KitSession.scopes();
    }

    /**
     * LOG-4 restarts the backend's own servers through {@code faults()} when it offers them (managed redis and etcd);
     * a durable backend without faults (an external endpoint) cannot be restarted by the run, so the rule is skipped
     * with that reason; such a backend runs LOG-4 in its own test suite, where it can restart its server.
     */
    @Override
    protected Backend reopenBackend(Backend current) {
        throw new io.dsbench.conformance.CapabilityMissingException("needs capability FAULTS: the backend declares"
                + " DURABLE but offers no faults(), so dsbench run cannot restart it on its data; its own test suite runs"
                + " LOG-4 with a real restart");
    }
}
