package io.dsbench.bench;

import org.HdrHistogram.AbstractHistogram;

/**
 * Percentiles of one histogram of latencies recorded in nanoseconds, reported in microseconds.
 *
 * @param count   values recorded
 * @param p50Us   median
 * @param p90Us   90th percentile
 * @param p99Us   99th percentile
 * @param p999Us  99.9th percentile
 * @param p9999Us 99.99th percentile
 * @param maxUs   largest value
 */
public record LatencyStats(long count, double p50Us, double p90Us, double p99Us, double p999Us, double p9999Us,
                           double maxUs) {
    /** All zeros: nothing recorded. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0, 0);

    /** The percentiles of {@code h} (values in nanoseconds). */
    public static LatencyStats of(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyStats(h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
                us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getValueAtPercentile(99.99)),
                us(h.getMaxValue()));
    }

    private static double us(long ns) {
        return Math.round(ns / 100.0) / 10.0; // microseconds, one decimal
    }
}
