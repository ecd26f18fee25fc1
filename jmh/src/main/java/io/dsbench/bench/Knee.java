package io.dsbench.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The knee of a rate sweep: the highest offered rate whose p99 stays under a stated bound, with every lower rate
 * also under it and the rate actually achieved (at least {@value #MIN_ACHIEVED} of the offered one: an open loop
 * that falls behind its schedule has not sustained the rate, whatever its percentiles say). A point that passes
 * above a failing one is noise, not capacity, and does not count.
 */
public final class Knee {
    /** The share of the offered rate a point must achieve to pass. */
    public static final double MIN_ACHIEVED = 0.9;

    private Knee() {
    }

    /**
     * One point of a sweep.
     *
     * @param offeredRatePerS  requests per second offered
     * @param achievedRatePerS requests per second completed
     * @param p50Us            median latency
     * @param p99Us            99th percentile
     * @param maxUs            largest latency
     * @param errors           failed calls
     */
    public record Point(double offeredRatePerS, double achievedRatePerS, double p50Us, double p99Us, double maxUs,
                        long errors) {
        /** Whether this point is within {@code p99BoundUs}, achieved its rate and had no error. */
        public boolean passes(double p99BoundUs) {
            return errors == 0 && p99Us <= p99BoundUs && achievedRatePerS >= MIN_ACHIEVED * offeredRatePerS;
        }
    }

    /** The knee of {@code points} (any order), or empty when even the lowest rate fails. */
    public static OptionalDouble find(List<Point> points, double p99BoundUs) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::offeredRatePerS));
        OptionalDouble knee = OptionalDouble.empty();
        for (Point p : sorted) {
            if (!p.passes(p99BoundUs)) {
                break;
            }
            knee = OptionalDouble.of(p.offeredRatePerS());
        }
        return knee;
    }

    /** How far past the bound a sweep still goes, so the curve shows what lies beyond the knee. */
    public static final double BEYOND = 5;

    /**
     * Whether a sweep should go on after {@code last}: it kept its schedule, had no failed call and its p99 is within
     * {@value #BEYOND} times the bound.
     */
    public static boolean goOn(Point last, double p99BoundUs) {
        return last.errors() == 0 && last.achievedRatePerS() >= MIN_ACHIEVED * last.offeredRatePerS()
                && last.p99Us() <= BEYOND * p99BoundUs;
    }
}
