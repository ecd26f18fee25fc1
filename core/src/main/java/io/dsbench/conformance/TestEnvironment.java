package io.dsbench.conformance;

import io.dsbench.spi.BackendTiming;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Timing and randomness for the kit's rules. Every wait is scaled by a factor (default 1), so slow or loaded
 * machines can be given more room without changing the rules; rules that draw random numbers take them from
 * {@link #seed()}, so a run can be replayed.
 *
 * <p>Where the settings come from, first found wins: the system properties {@code dsbench.timeout.scale.override}
 * / {@code dsbench.seed.override} (set by {@code dsbench run} from its {@code --timeout-scale} / {@code --seed}
 * flags: a flag beats the environment), the environment variables {@code DSBENCH_TIMEOUT_SCALE} /
 * {@code DSBENCH_SEED}, the system properties {@code dsbench.timeout.scale} / {@code dsbench.seed} (the build's
 * defaults), else scale 1 and a random seed. A value that is not legal is an {@link IllegalArgumentException}
 * naming where it came from; {@link #validate()} lets a runner check it before any rule runs.
 *
 * <p>What a time-based rule checks is the backend's declared {@link BackendTiming#ttlTolerance()}, never
 * more. The kit's own lateness on a busy machine is measured, not guessed: a canary thread wakes every
 * {@link SchedulingCanary#PERIOD} and records how late it ran; {@link #kitLateness(long, long)} is what the
 * canary measured during an observation (plus one canary period, its resolution), times the scale. The scale
 * widens only that allowance for the kit's own lateness (and the kit's waits, e.g. {@link #operationBound()}),
 * never the backend's tolerance.
 */
public final class TestEnvironment {
    /** The largest legal timeout scale (larger ones overflow waits or mean nothing will ever time out). */
    public static final double MAX_SCALE = 100;
    /** Set by {@code dsbench run --timeout-scale}; beats the environment. */
    public static final String SCALE_OVERRIDE_PROPERTY = "dsbench.timeout.scale.override";
    /** Set by {@code dsbench run --seed}; beats the environment. */
    public static final String SEED_OVERRIDE_PROPERTY = "dsbench.seed.override";

    private final double scale;
    private final long seed;

    public TestEnvironment(double scale) {
        this(scale, new java.util.SplittableRandom().nextLong());
    }

    public TestEnvironment(double scale, long seed) {
        checkScale("timeout scale", Double.toString(scale), scale);
        this.scale = scale;
        this.seed = seed;
        SchedulingCanary.get();
    }

    /** Reads the settings from the system properties and the environment (see the class comment). */
    public static TestEnvironment fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /**
     * Checks the settings as {@link #fromEnvironment()} would read them, without building anything.
     *
     * @throws IllegalArgumentException one line naming the setting, its value and the legal range
     */
    public static void validate() {
        fromEnvironment();
    }

    /** {@link #fromEnvironment()} over the given environment and properties (for tests). */
    static TestEnvironment from(java.util.Map<String, String> env, java.util.Properties props) {
        String[] scale = setting(env, props, SCALE_OVERRIDE_PROPERTY, "DSBENCH_TIMEOUT_SCALE", "dsbench.timeout.scale");
        double s = 1;
        if (scale != null) {
            try {
                s = Double.parseDouble(scale[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(scale[0] + " = '" + scale[1] + "' is not a number (legal range: > 0 and <= "
                        + (int) MAX_SCALE + ")", e);
            }
            checkScale(scale[0], scale[1], s);
        }
        String[] seed = setting(env, props, SEED_OVERRIDE_PROPERTY, "DSBENCH_SEED", "dsbench.seed");
        if (seed == null) {
            return new TestEnvironment(s);
        }
        try {
            return new TestEnvironment(s, Long.parseLong(seed[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(seed[0] + " = '" + seed[1] + "' is not a whole number (a seed printed by"
                    + " an earlier run, e.g. 42 or -7123456789)", e);
        }
    }

    /** {name, trimmed value} of the first non-blank setting, or null. */
    private static String[] setting(java.util.Map<String, String> env, java.util.Properties props, String override,
                                    String envName, String property) {
        String[][] candidates = {{"--" + (override.contains("seed") ? "seed" : "timeout-scale"),
            props.getProperty(override)}, {envName, env.get(envName)}, {property, props.getProperty(property)}};
        for (String[] c : candidates) {
            if (c[1] != null && !c[1].isBlank()) {
                return new String[] {c[0], c[1].trim()};
            }
        }
        return null;
    }

    private static void checkScale(String source, String raw, double s) {
        if (!(s > 0) || !(s <= MAX_SCALE)) {
            throw new IllegalArgumentException(source + " = '" + raw + "' is out of range (legal range: > 0 and <= "
                    + (int) MAX_SCALE + ")");
        }
    }

    /**
     * The seed for rules that draw random numbers: the one given ({@code --seed}, {@code DSBENCH_SEED}), else one
     * drawn when this environment was made. Rules record it (see {@code AbstractVerification#seed()}), so a
     * failure can be replayed with {@code --seed}.
     */
    public long seed() {
        return seed;
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
