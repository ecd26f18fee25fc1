package io.dsbench.conformance;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Checks that something done in the background by a timer (a write-behind flush) became visible by its deadline,
 * blaming the code under test only for what the kit can prove, and discounting only the lateness the kit measured:
 * <ul>
 *   <li><b>Proof of lateness</b>: the kit polls the observable state; a poll that <em>started</em> at time s and
 *       found nothing proves the work was not done at s. The work is late only if such a poll started after the
 *       allowed time. A poll thread that was descheduled therefore never counts against the code under test.</li>
 *   <li><b>Canary</b>: when the work is scheduled, the kit schedules its own timer for the same delay on the same
 *       kind of executor (a one-thread {@link ScheduledThreadPoolExecutor}). How late the canary fires is the
 *       machine's timer lateness at that moment; it is added to the allowance, and nothing else is.</li>
 * </ul>
 * Allowed time after the start: {@code delay + slack + canary lateness}, where slack covers the work itself (one
 * store write on loopback) and is the kit's usual {@link TestEnvironment#slack()}.
 */
final class DeadlineProbe implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "dsbench-kit-canary");
        t.setDaemon(true);
        return t;
    });

    /** What one observation showed, all in nanoseconds since the start. */
    record Result(boolean seen, long seenBy, long lastAbsentAt, long canaryLateness, long allowed) {
        /** By how much the work was proven late (positive) or not (zero or negative). */
        long provenLateBy() {
            return lastAbsentAt - allowed;
        }

        String describe() {
            return String.format("seen by %d ms; last poll finding nothing started at %d ms; allowed %d ms "
                            + "(including the kit's timer lateness %d ms, measured by a canary)", seenBy / 1_000_000,
                    lastAbsentAt / 1_000_000, allowed / 1_000_000, canaryLateness / 1_000_000);
        }
    }

    /** Starts the canary for work scheduled at {@code startNanos} with {@code delay}. */
    ScheduledFuture<Long> canary(Duration delay) {
        long scheduledAt = System.nanoTime();
        return timer.schedule(() -> System.nanoTime() - scheduledAt - delay.toNanos(), delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Polls {@code visible} (every 2 ms or so) until it holds or {@code max} has passed since {@code startNanos},
     * then waits for the canary.
     */
    Result observe(long startNanos, Duration delay, Duration slack, ScheduledFuture<Long> canary, Duration max,
                   BooleanSupplier visible) throws InterruptedException {
        long lastAbsent = -1;
        long seenBy = -1;
        while (System.nanoTime() - startNanos < max.toNanos()) {
            long pollStart = System.nanoTime();
            if (visible.getAsBoolean()) {
                seenBy = System.nanoTime() - startNanos;
                break;
            }
            lastAbsent = pollStart - startNanos;
            Thread.sleep(2);
        }
        long lateness;
        try {
            lateness = Math.max(0, canary.get(max.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the kit's canary timer did not fire within " + max, e);
        }
        long allowed = delay.toNanos() + slack.toNanos() + lateness;
        return new Result(seenBy >= 0, seenBy, lastAbsent, lateness, allowed);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
