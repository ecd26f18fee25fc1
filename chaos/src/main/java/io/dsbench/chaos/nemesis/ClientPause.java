package io.dsbench.chaos.nemesis;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pause of one of the suite's own client processes (what a long GC pause does to a lock holder), armed by the
 * {@code pause} nemesis on the {@code lock} workload and taken by the next client that holds the lock. Thread-safe.
 */
public final class ClientPause {
    private final AtomicLong armedMillis = new AtomicLong();
    private final AtomicReference<String> takenBy = new AtomicReference<>();
    private volatile long takenAtNanos;
    private volatile long endedAtNanos;

    /** The next holder pauses for {@code millis}. */
    public void arm(long millis) {
        takenBy.set(null);
        takenAtNanos = 0;
        endedAtNanos = 0;
        armedMillis.set(millis);
    }

    /** Disarms (a pause already taken runs to its end). */
    public void disarm() {
        armedMillis.set(0);
    }

    /** Called by a client holding the lock: pauses it when armed. Returns the pause taken in ms (0: none). */
    public long maybePause(String who) throws InterruptedException {
        long ms = armedMillis.getAndSet(0);
        if (ms <= 0) {
            return 0;
        }
        takenBy.set(who);
        takenAtNanos = System.nanoTime();
        Thread.sleep(ms); // the fault itself: the client is frozen for ms
        endedAtNanos = System.nanoTime();
        return ms;
    }

    /** Which client took the pause, or null. */
    public String takenBy() {
        return takenBy.get();
    }

    public long takenAtNanos() {
        return takenAtNanos;
    }

    public long endedAtNanos() {
        return endedAtNanos;
    }
}
