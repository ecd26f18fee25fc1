package io.dsbench.cli.kit;

import io.dsbench.spi.Backend;
import java.util.Objects;

/**
 * The backend that {@code dsbench run} is currently running the kit against. The concrete kit classes in
 * this package take it from here and leave closing it to the run (one backend per selected backend name,
 * shared by all kit classes, so managed servers start once).
 */
public final class KitSession {
    private static volatile Backend current;

    private KitSession() {
    }

    /** Sets the backend for the next kit run; null clears it. */
    public static void set(Backend backend) {
        current = backend;
    }

    /** The backend under test. */
    public static Backend backend() {
        return Objects.requireNonNull(current, "no backend set: KitSession.set(...) must be called before the kit runs");
    }
}
