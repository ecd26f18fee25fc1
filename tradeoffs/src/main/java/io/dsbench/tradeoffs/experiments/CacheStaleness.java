package io.dsbench.tradeoffs.experiments;

import io.dsbench.lin.consistency.KvHistory;
import io.dsbench.lin.consistency.Staleness;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.spec.kv.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The caching experiment's staleness phase: writers and readers run concurrently on a few hot keys through a
 * caching strategy, every call recorded in a history ({@link HistoryRecorder}, the versioned-kv encoding), and
 * {@link Staleness} counts the reads that returned an older value than one acknowledged before the read began.
 *
 * <p>Each key has one writer, which writes the values {@code 2, 3, 4, ...} in order (the value is the version; the
 * store had {@code 1} before the run), so the version order of a key is the order its writer acknowledged them,
 * whatever the backend's own version numbers are. Writers and readers may use different strategy instances (two
 * application processes sharing the cache and the store) or the same one.
 */
final class CacheStaleness {
    private CacheStaleness() {
    }

    /**
     * What one run observed.
     *
     * @param report   the staleness of every read
     * @param writes   writes acknowledged
     * @param failures calls that threw
     * @param millis   how long the load ran
     */
    record Result(Staleness.Report report, long writes, long failures, long millis) {
        double stalePerThousand() {
            return report.reads() == 0 ? 0 : 1000.0 * report.staleReads() / report.reads();
        }
    }

    /**
     * Loads {@code keys} (through {@code store}, recorded as acknowledged writes of version 1), then runs
     * {@code writers} writer threads on {@code writerSide}, each writing its own keys in random order at Poisson
     * times averaging {@code writesPerSecond} (fewer when a write takes longer than its gap), and
     * {@code readers} reader threads on {@code readerSide} as fast as they can, for {@code millis}.
     */
    static Result run(CachingStrategy writerSide, CachingStrategy readerSide, KeyValueStore store, List<String> keys,
                      int writers, int writesPerSecond, int readers, long millis, long seed) throws Exception {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) / writesPerSecond;
        HistoryRecorder recorder = new HistoryRecorder();
        HistoryRecorder.Client loader = recorder.client();
        for (String k : keys) {
            loader.invoke("put", k, "1");
            store.put(k, "1".getBytes(StandardCharsets.UTF_8));
            loader.ok(1L);
        }
        AtomicLong writes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers, r -> {
            Thread t = new Thread(r, "dsbench-tradeoffs-caching-staleness");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> done = new ArrayList<>();
        long[] deadline = new long[1];
        try {
            for (int w = 0; w < writers; w++) {
                List<String> mine = new ArrayList<>();
                for (int i = w; i < keys.size(); i += writers) {
                    mine.add(keys.get(i));
                }
                HistoryRecorder.Client c = recorder.client();
                Random random = new Random(seed ^ (0x9e3779b97f4a7c15L * (w + 1)));
                done.add(pool.submit(() -> {
                    start.await();
                    long[] next = new long[mine.size()];
                    java.util.Arrays.fill(next, 2);
                    long due = System.nanoTime();
                    while (System.nanoTime() < deadline[0] && !Thread.currentThread().isInterrupted()) {
                        // Poisson arrivals at the same mean rate for every strategy: some writes to a key come
                        // close together, as on a hot key
                        due += (long) (-Math.log(1 - random.nextDouble()) * intervalNanos);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int k = random.nextInt(mine.size());
                        long version = next[k]++;
                        String value = Long.toString(version);
                        c.invoke("put", mine.get(k), value);
                        try {
                            writerSide.write(mine.get(k), value.getBytes(StandardCharsets.UTF_8));
                            c.ok(version);
                            writes.incrementAndGet();
                        } catch (RuntimeException e) {
                            c.failed(e, true);
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < readers; r++) {
                HistoryRecorder.Client c = recorder.client();
                Random random = new Random(seed + 31L * r);
                done.add(pool.submit(() -> {
                    start.await();
                    while (System.nanoTime() < deadline[0] && !Thread.currentThread().isInterrupted()) {
                        String key = keys.get(random.nextInt(keys.size()));
                        c.invoke("get", key, null);
                        try {
                            Optional<byte[]> v = readerSide.read(key);
                            c.ok(v.map(b -> {
                                String s = new String(b, StandardCharsets.UTF_8);
                                return (Object) List.of(s, Long.parseLong(s));
                            }).orElse(null));
                        } catch (RuntimeException e) {
                            c.failed(e, false);
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            deadline[0] = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            return new Result(Staleness.of(KvHistory.of(recorder.history())), writes.get(), failures.get(), took);
        } finally {
            pool.shutdownNow();
        }
    }
}
