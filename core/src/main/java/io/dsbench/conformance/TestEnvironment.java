package io.dsbench.conformance;

import io.dsbench.spi.BackendTiming;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Timing for the kit's time-based rules, read from the environment variable {@code DSBENCH_TIMEOUT_SCALE} or
 * the system property {@code dsbench.timeout.scale} (default 1).
 *
 * <p>What a time-based rule checks is the backend's declared {@link BackendTiming#ttlTolerance()}, never
 * more. The kit's own lateness on a busy machine is measured, not guessed: a canary thread wakes every
 * {@link SchedulingCanary#PERIOD} and records how late it ran; {@link #kitLateness(long, long)} is what the
 * canary measured during an observation (plus one canary period, its resolution), times the scale. The scale
 * widens only that allowance for the kit's own lateness (and the kit's waits, e.g. {@link #operationBound()}),
 * never the backend's tolerance.
 */
public final class TestEnvironment {
    private final double scale;

    public TestEnvironment(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("timeout scale = " + scale + " is out of range (legal range: > 0)");
        }
        this.scale = scale;
        SchedulingCanary.get();
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

    /**
     * A quiet period: how long a rule watches for something that must not happen (an extra event, a second
     * write): 250 ms, scaled. Not a tolerance: no bound is widened by it.
     */
    public Duration slack() {
        return scaled(Duration.ofMillis(250));
    }

    /**
     * The kit's allowance for its own lateness during an observation from {@code fromNanos} to
     * {@code toNanos} ({@link System#nanoTime()} readings): the largest lateness the scheduling canary measured
     * in that window, plus its resolution ({@link SchedulingCanary#PERIOD}), times the scale.
     */
    public Duration kitLateness(long fromNanos, long toNanos) {
        long measured = SchedulingCanary.get().maxLatenessNanos(fromNanos, toNanos);
        return scaled(Duration.ofNanos(measured + SchedulingCanary.PERIOD.toNanos()));
    }

    /**
     * The outcome of {@link #awaitWithin}.
     *
     * @param held      whether the condition held in time
     * @param elapsed   from the start to the poll that decided
     * @param allowance the kit's measured lateness that was added to the bound
     */
    public record Waited(boolean held, Duration elapsed, Duration allowance) {
        /** For messages: "after 812 ms (bound 750 ms + kit lateness 12 ms measured)". */
        public String describe(Duration bound) {
            return "after " + elapsed.toMillis() + " ms (bound " + bound.toMillis() + " ms + the kit's own lateness "
                    + allowance.toMillis() + " ms, measured)";
        }
    }

    /**
     * Polls {@code condition} until it holds, or until {@code bound} after {@code startNanos} plus the kit's
     * lateness measured since {@code startNanos} ({@link #kitLateness}) has passed: the bound a backend must
     * meet is {@code bound}; only lateness the canary measured on this machine is added. The deciding poll
     * starts after the deadline, so a late poll never counts against the backend.
     */
    public Waited awaitWithin(long startNanos, Duration bound, BooleanSupplier condition) {
        long pause = 1;
        while (true) {
            long pollStart = System.nanoTime();
            boolean held = condition.getAsBoolean();
            Duration allowance = kitLateness(startNanos, pollStart);
            if (held) {
                return new Waited(true, Duration.ofNanos(pollStart - startNanos), allowance);
            }
            long deadline = startNanos + bound.toNanos() + allowance.toNanos();
            if (pollStart - deadline >= 0) {
                return new Waited(false, Duration.ofNanos(pollStart - startNanos), allowance);
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Waited(condition.getAsBoolean(), Duration.ofNanos(System.nanoTime() - startNanos), allowance);
            }
            pause = Math.min(pause * 2, 20);
        }
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
