package io.dsbench.inmemory;

import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.util.EnumSet;
import java.util.Set;

/**
 * The whole conformance kit (every kit class, LIN rules included) against backend {@code inmemory}, and the
 * kit's core checks (rules of scope CORE, run once here rather than once per backend). LOG-4 is skipped: the
 * backend does not declare DURABLE (its data lives in the opened instance).
 */
class InMemoryKitTest extends FullKitSuite {
    @Override
    protected Backend openBackend() {
        // a small watch buffer, so that REG-16's blocked listener overflows it and gets a RESET
        return new InMemoryBackendProvider().open(BackendConfig.builder("inmemory").option("watchBuffer", "32").build());
    }

    @Override
    protected Set<Scope> scopes() {
        return EnumSet.allOf(Scope.class);
    }
}
