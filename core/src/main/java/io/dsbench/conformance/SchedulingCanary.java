package io.dsbench.conformance;

import java.time.Duration;

/**
 * Measures how late this machine runs the kit's threads: one daemon thread asks to wake every
 * {@link #PERIOD} and records how late each wake-up was (CPU contention, GC pauses, a paused VM all show).
 * Time-based rules discount only the lateness measured here during their own observation window, never a
 * fixed fudge. Started on first use; one per JVM; thread-safe.
 */
final class SchedulingCanary {
    /** How often the canary asks to wake; also the granularity of what it can measure. */
    static final Duration PERIOD = Duration.ofMillis(5);

    /** Wake-ups remembered: at one per {@link #PERIOD}, about 80 s. */
    private static final int CAPACITY = 1 << 14;

    private static final SchedulingCanary INSTANCE = new SchedulingCanary();

    /** Intended wake-up times and their lateness, a ring; guarded by this. */
    private final long[] intended = new long[CAPACITY];
    private final long[] late = new long[CAPACITY];
    private long count;
    /** When the canary last asked to wake: a wake-up due then and not yet recorded is late by now - that. */
    private volatile long pendingSince;

    private SchedulingCanary() {
        pendingSince = System.nanoTime();
        Thread t = new Thread(this::loop, "dsbench-scheduling-canary");
        t.setDaemon(true);
        t.start();
    }

    static SchedulingCanary get() {
        return INSTANCE;
    }

    private void loop() {
        long period = PERIOD.toNanos();
        long due = System.nanoTime() + period;
        while (true) {
            pendingSince = due;
            long left = due - System.nanoTime();
            if (left > 0) {
                try {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            long now = System.nanoTime();
            record(due, Math.max(0, now - due));
            due = now + period;
        }
    }

    private synchronized void record(long due, long lateness) {
        int i = (int) (count % CAPACITY);
        intended[i] = due;
        late[i] = lateness;
        count++;
    }

    /**
     * The largest lateness of a wake-up due within [{@code fromNanos}, {@code toNanos}] (System.nanoTime()
     * readings), including one that is due and has not happened yet. Zero if the canary was always on time.
     */
    long maxLatenessNanos(long fromNanos, long toNanos) {
        long max = 0;
        synchronized (this) {
            long n = Math.min(count, CAPACITY);
            for (long k = 1; k <= n; k++) {
                int i = (int) ((count - k) % CAPACITY);
                if (intended[i] - fromNanos < 0) {
                    break;
                }
                if (intended[i] - toNanos <= 0) {
                    max = Math.max(max, late[i]);
                }
            }
        }
        long pending = pendingSince;
        long now = System.nanoTime();
        if (pending - toNanos <= 0 && now - pending > 0) {
            max = Math.max(max, now - pending);
        }
        return max;
    }
}
