package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.tradeoffs.Latencies;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * The caching experiment's load phase: one client runs the same seeded sequence of reads and writes (Zipf keys)
 * against a caching strategy, or against the store directly (the no-cache baseline), and records each read's and
 * write's latency, whether each read was a hit, and the store calls made. One client, so a read that made no store
 * get was served from the cache (a hit), and the latencies carry no queueing from other clients.
 */
final class CacheLoad {
    private CacheLoad() {
    }

    /**
     * What one variant did.
     *
     * @param reads       reads completed
     * @param hits        reads that made no store get
     * @param writes      writes completed
     * @param failures    calls that threw (not in the latencies)
     * @param readLatency read latencies
     * @param writeLatency write latencies
     * @param storeGets   store gets made (reads' misses, and the versioned strategy's re-checks)
     * @param storeWrites store writes made, flushes of write-behind included
     */
    record Result(long reads, long hits, long writes, long failures, Latencies readLatency, Latencies writeLatency,
                  long storeGets, long storeWrites) {
        double hitRatePercent() {
            return reads == 0 ? 0 : 100.0 * hits / reads;
        }

        long storeCalls() {
            return storeGets + storeWrites;
        }
    }

    /**
     * Runs {@code ops} operations.
     *
     * @param strategy      the strategy, or null for the baseline (store calls through {@code calls})
     * @param store         the counting store the strategy (or the baseline) uses
     * @param calls         the call policy of the baseline (the strategies use the same defaults)
     * @param seed          the same seed for every variant: the same keys, reads and writes in the same order
     * @param deadlineNanos stop early at this {@link System#nanoTime()} (the profile's bound)
     */
    static Result run(CachingStrategy strategy, SimulatedStore store, RemoteCalls calls, ZipfKeys keys, int ops,
                      double writeFraction, int valueBytes, long seed, long deadlineNanos) throws InterruptedException {
        Random random = new Random(seed);
        Latencies readLatency = new Latencies();
        Latencies writeLatency = new Latencies();
        long gets0 = store.gets();
        long writes0 = store.writes();
        long reads = 0;
        long hits = 0;
        long writes = 0;
        long failures = 0;
        for (int i = 0; i < ops && System.nanoTime() < deadlineNanos; i++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("caching load interrupted after " + i + " operations");
            }
            String key = keys.next(random);
            boolean write = random.nextDouble() < writeFraction;
            try {
                if (write) {
                    byte[] value = value(i, valueBytes);
                    long t0 = System.nanoTime();
                    if (strategy == null) {
                        calls.callUnchecked("store put " + key, () -> store.put(key, value));
                    } else {
                        strategy.write(key, value);
                    }
                    writeLatency.record(System.nanoTime() - t0);
                    writes++;
                } else {
                    long before = store.gets();
                    long t0 = System.nanoTime();
                    if (strategy == null) {
                        calls.callUnchecked("store get " + key, () -> store.get(key));
                    } else {
                        strategy.read(key);
                    }
                    readLatency.record(System.nanoTime() - t0);
                    reads++;
                    if (store.gets() == before) {
                        hits++;
                    }
                }
            } catch (RuntimeException e) {
                failures++;
                (write ? writeLatency : readLatency).failed();
            }
        }
        if (strategy != null) {
            strategy.close(); // write-behind flushes here: its store writes count
        }
        return new Result(reads, hits, writes, failures, readLatency, writeLatency, store.gets() - gets0,
                store.writes() - writes0);
    }

    /** A value of {@code bytes} bytes naming operation {@code i}. */
    static byte[] value(int i, int bytes) {
        byte[] v = new byte[bytes];
        Arrays.fill(v, (byte) '.');
        byte[] id = ("op" + i).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, v, 0, Math.min(id.length, bytes));
        return v;
    }
}
