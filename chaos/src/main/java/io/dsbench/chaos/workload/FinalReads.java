package io.dsbench.chaos.workload;

import java.util.function.Supplier;

/**
 * The one retry loop of the workloads' final reads: after the faults a deployment may still be recovering, so a read
 * that throws is tried again every 100 ms until it returns or the deadline has passed.
 */
final class FinalReads {
    private static final long PAUSE_MS = 100;

    private FinalReads() {
    }

    /**
     * Returns what {@code read} returns, retrying it while it throws and {@code deadlineNanos} (a
     * {@link System#nanoTime()} value) has not passed.
     *
     * @throws RuntimeException the last failure, once the deadline has passed
     */
    static <T> T retry(long deadlineNanos, Supplier<T> read) throws InterruptedException {
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadlineNanos > 0) {
                    throw e;
                }
                Thread.sleep(PAUSE_MS); // the deployment is still recovering: retry the read
            }
        }
    }
}
