package io.dsbench.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Connects the kit's rules to the {@link RunGuard} of the run executing them (found through the launcher's
 * configuration parameter {@value #GUARD_PARAMETER}; registered by {@code META-INF/services}, and active only in
 * the launcher requests {@link KitRunner} builds). Before a kit class and before each rule it fails at once with
 * {@link BackendUnreachableException} when the backend was found unreachable; between rules, after a failed
 * health probe, it probes again before letting the next rule start. It also tells the guard which thread runs
 * the current rule, so that a backend dying mid-rule interrupts that rule instead of letting it wait out every
 * operation's timeout.
 */
public final class RunGuardExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
    /** The configuration parameter naming the run's guard. */
    public static final String GUARD_PARAMETER = "dsbench.run.guard";

    @Override
    public void beforeAll(ExtensionContext context) {
        RunGuard g = guard(context);
        if (g != null) {
            g.checkReachable(false);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RunGuard g = guard(context);
        if (g != null) {
            g.checkReachable(true);
            g.ruleStarted(Thread.currentThread());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RunGuard g = guard(context);
        if (g != null) {
            g.ruleFinished();
        }
    }

    private static RunGuard guard(ExtensionContext context) {
        return context.getConfigurationParameter(GUARD_PARAMETER).flatMap(RunGuard::byId).orElse(null);
    }
}
