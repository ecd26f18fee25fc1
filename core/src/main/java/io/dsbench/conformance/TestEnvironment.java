package io.dsbench.conformance;

import io.dsbench.spi.BackendTiming;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Timing for the kit's time-based rules. Every wait is scaled by a factor read from the environment
 * variable {@code DSBENCH_TIMEOUT_SCALE} or the system property {@code dsbench.timeout.scale} (default 1),
 * so slow or loaded machines can be given more room without changing the rules.
 *
 * <p>{@link #slack()} is the kit's own allowance for scheduling noise (thread wake-ups, GC, network on
 * loopback), added on top of the backend's declared {@link BackendTiming#ttlTolerance()}.
 */
public final class TestEnvironment {
    private final double scale;

    public TestEnvironment(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("timeout scale = " + scale + " is out of range (legal range: > 0)");
        }
        this.scale = scale;
    }

    /** Reads the scale from {@code DSBENCH_TIMEOUT_SCALE} or {@code dsbench.timeout.scale}. */
    public static TestEnvironment fromEnvironment() {
        String raw = System.getenv("DSBENCH_TIMEOUT_SCALE");
        String source = "DSBENCH_TIMEOUT_SCALE";
        if (raw == null || raw.isBlank()) {
            raw = System.getProperty("dsbench.timeout.scale", "1");
            source = "dsbench.timeout.scale";
        }
        try {
            return new TestEnvironment(Double.parseDouble(raw.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " = '" + raw + "' is not a number (legal range: > 0)", e);
        }
    }

    public double scale() {
        return scale;
    }

    /** {@code d} times the scale. */
    public Duration scaled(Duration d) {
        return Duration.ofNanos((long) (d.toNanos() * scale));
    }

    /** The kit's allowance for scheduling noise: 250 ms, scaled. */
    public Duration slack() {
        return scaled(Duration.ofMillis(250));
    }

    /** An upper bound for operations that should be quick: 10 s, scaled. */
    public Duration operationBound() {
        return scaled(Duration.ofSeconds(10));
    }

    /**
     * Polls {@code condition} every few milliseconds until it holds or {@code max} has passed.
     *
     * @return whether it held in time
     */
    public boolean await(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 1;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return condition.getAsBoolean();
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pause = Math.min(pause * 2, 20);
        }
    }

    /**
     * Checks that {@code condition} holds on every poll until {@code duration} has passed.
     *
     * @return the elapsed time at which it first failed, or null if it held throughout
     */
    public Duration holdsFor(Duration duration, BooleanSupplier condition) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            if (!condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        return null;
    }
}
