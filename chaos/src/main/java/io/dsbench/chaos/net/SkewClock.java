package io.dsbench.chaos.net;

import io.dsbench.spec.Ticker;

/**
 * The injectable clock of the suite's own clients and patterns (a {@link Ticker}): the system's monotonic clock plus
 * a fault. {@code clock} faults act here because libfaketime cannot be used on the servers: it has no effect on etcd
 * (Go reads the clock without libc) and hangs redis-server. An offset shifts the reading; a strobe flips it between
 * {@code +offset} and {@code 0} every {@code periodMs} of real time, as Jepsen's strobe does. Thread-safe.
 */
public final class SkewClock implements Ticker {
    private volatile long offsetNanos;
    private volatile long strobeNanos;
    private volatile long strobePeriodNanos;
    private volatile long strobeStart;

    @Override
    public long nanoTime() {
        long now = System.nanoTime();
        long period = strobePeriodNanos;
        if (period > 0) {
            long k = (now - strobeStart) / period;
            return now + offsetNanos + ((k & 1) == 0 ? strobeNanos : 0);
        }
        return now + offsetNanos;
    }

    /** Shifts the clock by {@code millis} (negative: it runs behind). */
    public void offset(long millis) {
        offsetNanos = millis * 1_000_000L;
    }

    /** Flips between {@code +deltaMillis} and {@code 0} every {@code periodMillis}. */
    public void strobe(long deltaMillis, long periodMillis) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("strobe period = " + periodMillis + " ms (legal: > 0)");
        }
        strobeStart = System.nanoTime();
        strobeNanos = deltaMillis * 1_000_000L;
        strobePeriodNanos = periodMillis * 1_000_000L;
    }

    /** Removes every fault. */
    public void reset() {
        strobePeriodNanos = 0;
        strobeNanos = 0;
        offsetNanos = 0;
    }

    /** The clock's reading minus the system's, in milliseconds, now (the evidence that a fault is in place). */
    public long skewMillis() {
        return (nanoTime() - System.nanoTime()) / 1_000_000L;
    }
}
