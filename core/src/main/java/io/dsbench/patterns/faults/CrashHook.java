package io.dsbench.patterns.faults;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Called by a coordinator at each boundary between externally visible actions, on the coordinator's thread.
 * Production code uses {@link #NONE}.
 */
@FunctionalInterface
public interface CrashHook {
    /** Never crashes. */
    CrashHook NONE = point -> { };

    /**
     * At boundary {@code point} (a readable description, e.g. {@code "saga order-1 after STEP_DONE 2"}).
     *
     * @throws SimulatedCrash to abandon the coordinator here
     */
    void at(String point);

    /** Records every boundary passed, in order (for a dry run that counts them). */
    static Recording recording() {
        return new Recording();
    }

    /** Crashes at the {@code n}-th boundary (1-based) and records the boundaries passed before it. */
    static Recording crashAt(int n) {
        return new Recording(n);
    }

    /** A hook that records boundaries and optionally crashes at one. Thread-safe. */
    final class Recording implements CrashHook {
        private final List<String> points = new CopyOnWriteArrayList<>();
        private final AtomicInteger count = new AtomicInteger();
        private final int crashAt;
        private volatile String crashedAt;

        private Recording() {
            this(0);
        }

        private Recording(int crashAt) {
            this.crashAt = crashAt;
        }

        @Override
        public void at(String point) {
            int n = count.incrementAndGet();
            points.add(point);
            if (n == crashAt) {
                crashedAt = point;
                throw new SimulatedCrash(point);
            }
        }

        /** The boundaries passed so far, in order (including the one crashed at). */
        public List<String> points() {
            return List.copyOf(points);
        }

        /** Where it crashed, or null. */
        public String crashedAt() {
            return crashedAt;
        }
    }
}
