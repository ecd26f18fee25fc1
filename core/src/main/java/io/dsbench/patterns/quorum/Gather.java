package io.dsbench.patterns.quorum;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Collects the answers of one fan-out to N replicas and waits for enough of them. Besides each replica's result or
 * error it keeps whether the replica's outcome is <em>unknown</em>: set when any attempt of the replica call may
 * have applied (timed out, or failed with {@code mayHaveTakenEffect}), even when a later retry failed cleanly.
 */
final class Gather<T> {
    private final int n;
    private final Object[] results;
    private final Throwable[] errors;
    private final boolean[] done;
    private final boolean[] unknown;
    private int ok;
    private int failed;
    /** Completes when every replica answered or failed. */
    final CompletableFuture<Void> all = new CompletableFuture<>();
    /** What {@link ReplicaSet#fanOut} waited for. */
    Snapshot<T> snapshot;

    Gather(int n) {
        this.n = n;
        this.results = new Object[n];
        this.errors = new Throwable[n];
        this.done = new boolean[n];
        this.unknown = new boolean[n];
    }

    void complete(int i, Object result, Throwable error, boolean outcomeUnknown) {
        boolean last;
        synchronized (this) {
            if (error != null) {
                errors[i] = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                unknown[i] = outcomeUnknown;
                failed++;
            } else {
                results[i] = result;
                ok++;
            }
            done[i] = true;
            last = ok + failed == n;
            notifyAll();
        }
        if (last) {
            all.complete(null);
        }
    }

    /**
     * Returns on the {@code needed}-th success. When the quorum can no longer be reached, still waits for the calls
     * in flight (bounded by the deadline) so that a failure reports exactly how many replicas acknowledged.
     */
    synchronized Snapshot<T> await(int needed, long deadlineNanos) {
        boolean timedOut = false;
        while (ok < needed && ok + failed < n) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                timedOut = true;
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return snapshot(timedOut);
    }

    Snapshot<T> awaitAll(long deadlineNanos) {
        return await(n, deadlineNanos);
    }

    synchronized Snapshot<T> snapshotNow() {
        return snapshot(false);
    }

    private synchronized Snapshot<T> snapshot(boolean timedOut) {
        return new Snapshot<>(results.clone(), errors.clone(), done.clone(), unknown.clone(), ok, failed, timedOut);
    }

    /** What a fan-out has gathered at one moment. */
    static final class Snapshot<T> {
        final Object[] results;
        final Throwable[] errors;
        final boolean[] done;
        final boolean[] unknown;
        final int ok;
        final int failed;
        final boolean timedOut;

        Snapshot(Object[] results, Throwable[] errors, boolean[] done, boolean[] unknown, int ok, int failed,
                 boolean timedOut) {
            this.results = results;
            this.errors = errors;
            this.done = done;
            this.unknown = unknown;
            this.ok = ok;
            this.failed = failed;
            this.timedOut = timedOut;
        }

        @SuppressWarnings("unchecked")
        T result(int i) {
            return (T) results[i];
        }

        int size() {
            return results.length;
        }
    }
}
