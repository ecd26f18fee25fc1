package io.dsbench.spec;

/**
 * A monotonic clock in nanoseconds, injectable so that in-process expiry (TTLs, leases) can be tested and
 * faulted (clock jumps) without touching the system clock. Servers use their own clocks.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds from an arbitrary origin; only differences matter. */
    long nanoTime();

    /** The system's monotonic clock. */
    static Ticker system() {
        return System::nanoTime;
    }
}
