package io.dsbench.tradeoffs;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;


/**
 * Latencies of one kind of call in an experiment, in an HdrHistogram (1 us to 1 h, 3 significant digits): thread-safe
 * recording, percentiles in ms, and the figures for the table. The one place experiments measure time per call.
 */
public final class Latencies {
    private final Recorder recorder = new Recorder(3_600_000_000_000L, 3);
    private final Histogram total = new Histogram(3_600_000_000_000L, 3);
    private long failures;

    /** Records one call's duration in nanoseconds. */
    public void record(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(nanos, 3_600_000_000_000L)));
    }

    /** A failed call (not in the percentiles). */
    public synchronized void failed() {
        failures++;
    }

    /** A call to time; {@code E} is what it may throw (RuntimeException for a lambda that throws nothing checked). */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T call() throws E;
    }

    /** Runs {@code call}, records its time, and returns its value; a call that throws counts as failed and throws. */
    public <T, E extends Exception> T time(Call<T, E> call) throws E {
        long t0 = System.nanoTime();
        try {
            T v = call.call();
            record(System.nanoTime() - t0);
            return v;
        } catch (Exception e) {
            failed();
            throw e;
        }
    }

    private synchronized Histogram snapshot() {
        total.add(recorder.getIntervalHistogram());
        return total;
    }

    /** Successful calls recorded. */
    public long count() {
        return snapshot().getTotalCount();
    }

    public synchronized long failures() {
        return failures;
    }

    /** The percentile ({@code 50}, {@code 99}, ...) in milliseconds; 0 when nothing was recorded. */
    public double percentileMs(double percentile) {
        Histogram h = snapshot();
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
    }

    /** Mean in milliseconds. */
    public double meanMs() {
        Histogram h = snapshot();
        return h.getTotalCount() == 0 ? 0 : h.getMean() / 1e6;
    }
}
