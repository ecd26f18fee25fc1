package io.dsbench.patterns.faults;

/**
 * Thrown by a {@link CrashHook} to simulate a coordinator process dying at a boundary. It is an
 * {@link Error} so that no {@code catch (Exception)} in the coordinator can handle it: the coordinator stops
 * where it is and must not be used afterwards; a new one recovers from the durable log.
 */
public final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash(String point) {
        super("simulated crash at " + point);
    }
}
