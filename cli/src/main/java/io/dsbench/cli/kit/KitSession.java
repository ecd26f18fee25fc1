package io.dsbench.cli.kit;

import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.spi.Backend;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The backend that {@code dsbench run} is currently running the kit against, and which rules (scopes):
 * {@link CliKitSuite} takes them from here and leaves closing the backend to the run (one backend per
 * selected backend name, shared by all kit classes, so managed servers start once).
 */
public final class KitSession {
    private static volatile Backend current;
    private static volatile Set<Scope> scopes = EnumSet.of(Scope.BACKEND);

    private KitSession() {
    }

    /** Sets the backend for the next kit run, running rules of {@code scopes}; null clears it. */
    public static void set(Backend backend, Set<Scope> runScopes) {
        current = backend;
        scopes = runScopes == null || runScopes.isEmpty() ? EnumSet.of(Scope.BACKEND) : EnumSet.copyOf(runScopes);
    }

    /** The backend under test. */
    public static Backend backend() {
        return Objects.requireNonNull(current, "no backend set: KitSession.set(...) must be called before the kit runs");
    }

    /** The scopes of the rules to run. */
    public static Set<Scope> scopes() {
        return EnumSet.copyOf(scopes);
    }
}
