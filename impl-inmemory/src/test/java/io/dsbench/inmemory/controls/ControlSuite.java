package io.dsbench.inmemory.controls;

import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every kit class bound to the planted-bug backend of the control being run ({@link #current}); launched by
 * {@link NegativeControlsTest} through the JUnit Platform launcher, filtered to one rule. Not a test class of
 * its own (its name matches no surefire pattern).
 */
public class ControlSuite extends FullKitSuite {
    static volatile Backend current;

    @Override
    protected Backend openBackend() {
        return current;
    }

    @Override
    protected void closeBackend(Backend backend) {
        // the control closes it
    }

    @Override
    protected Set<Scope> scopes() {
        return EnumSet.allOf(Scope.class);
    }
}
