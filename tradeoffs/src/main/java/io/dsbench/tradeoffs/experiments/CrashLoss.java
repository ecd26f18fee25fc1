package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.patterns.caching.WriteBehindLoss;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The caching experiment's crash phase: one application writes through a strategy at a paced rate, then its process
 * "crashes" right after its last acknowledged write: a {@link WriteBehind} is closed without a flush (its
 * {@link WriteBehind#closeWithoutFlush()} reports which writes it drops), any other strategy is simply abandoned.
 * Then the store itself is read: an acknowledged write is lost when its key's value in the store is older than it.
 * Each key's values are {@code 1, 2, 3, ...} in write order (one writer), so "older" is a comparison of numbers.
 */
final class CrashLoss {
    private CrashLoss() {
    }

    /**
     * What one crash lost.
     *
     * @param acknowledged writes acknowledged before the crash
     * @param lostInStore  acknowledged writes newer than their key's value in the store after the crash
     * @param reported     writes the strategy itself reported lost (write-behind), or -1
     * @param uncertain    writes it reported as maybe stored (a flush timed out or was running), or -1
     * @param millis       how long the writes ran
     */
    record Result(long acknowledged, long lostInStore, long reported, long uncertain, long millis) {
        double achievedRatePerSecond() {
            return millis == 0 ? 0 : acknowledged * 1000.0 / millis;
        }
    }

    /**
     * Writes {@code keys} in turn at {@code ratePerSecond} for {@code millis}, then crashes and checks the store
     * (read through {@code rawStore}: no simulated delay).
     */
    static Result run(CachingStrategy strategy, KeyValueStore rawStore, List<String> keys, int ratePerSecond,
                      long millis) throws InterruptedException {
        long[] acked = new long[keys.size()];
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
        long next = t0;
        long acknowledged = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("caching crash phase interrupted");
            }
            int k = i % keys.size();
            long version = acked[k] + 1;
            try {
                strategy.write(keys.get(k), Long.toString(version).getBytes(StandardCharsets.UTF_8));
                acked[k] = version;
                acknowledged++;
            } catch (RuntimeException e) {
                // not acknowledged: the key keeps its last acknowledged version, the next write retries this one
            }
            next += intervalNanos; // paced: an open schedule, not one write after another as fast as possible
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long reported = -1;
        long uncertain = -1;
        if (strategy instanceof WriteBehind wb) {
            WriteBehindLoss loss = wb.closeWithoutFlush();
            reported = loss.lostWriteCount();
            uncertain = loss.uncertain().stream().mapToLong(l -> l.writeIds().size()).sum();
        }
        long lost = 0;
        for (int k = 0; k < keys.size(); k++) {
            Optional<Versioned> v = rawStore.get(keys.get(k));
            long stored = v.map(x -> Long.parseLong(new String(x.value(), StandardCharsets.UTF_8))).orElse(0L);
            lost += Math.max(0, acked[k] - stored);
        }
        return new Result(acknowledged, lost, reported, uncertain, took);
    }

    /** Keys {@code <prefix>0 .. <prefix>(n-1)}. */
    static List<String> keys(String prefix, int n) {
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }
}
