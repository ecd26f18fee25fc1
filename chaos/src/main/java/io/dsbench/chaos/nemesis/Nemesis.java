package io.dsbench.chaos.nemesis;

/**
 * A fault injector, named as in Jepsen's combined nemesis package ({@code kill}, {@code pause}, {@code partition},
 * {@code packet}, {@code clock}). {@link #start} injects the fault and records a {@code :process :nemesis} info op;
 * {@link #stop} heals it, records another, and verifies that the fault took effect (the evidence goes into the
 * {@link Fault}). Used from one nemesis thread.
 */
public interface Nemesis {
    /** The nemesis name. */
    String name();

    /** Injects the fault now. */
    Fault start(NemesisContext ctx);

    /** Heals the fault started by {@link #start} and completes its evidence. */
    void stop(NemesisContext ctx, Fault fault);
}
